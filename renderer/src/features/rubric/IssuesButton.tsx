import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Button, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../../../shared/contract/errors';
import { useTranslate } from '../../i18n';
import { describeLocated } from './rubricIssues';
import type { RubricDraft } from './rubricDraft';

const SHOWN = 12;

/** "3 problems to fix": every problem with where it is, for the ones in a closed tab or a collapsed row. */
export function IssuesButton({ draft, issues }: { draft: RubricDraft; issues: readonly ValidationIssue[] }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  if (issues.length === 0) return null;
  const lines = issues.slice(0, SHOWN).map((issue) => describeLocated(translate, draft, issue));
  const content = (
    <ul style={{ margin: 0, paddingInlineStart: 18, maxWidth: 520 }} data-testid="rubric-issues">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
      {issues.length > SHOWN && (
        <li>
          <Typography.Text type="secondary">{t('rubric.issuesMore', { count: issues.length - SHOWN })}</Typography.Text>
        </li>
      )}
    </ul>
  );
  return (
    <Popover content={content} trigger="click" placement="topLeft">
      <Button type="link" danger icon={<ExclamationCircleOutlined />} style={{ paddingInline: 0 }} data-testid="rubric-issues-button">
        {t('rubric.issuesTitle', { count: issues.length })}
      </Button>
    </Popover>
  );
}
