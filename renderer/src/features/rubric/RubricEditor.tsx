import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RUBRIC_LIMITS } from '../../../../shared/domain/rubric';
import { useRubricEditorContext } from './editorContext';
import { type RubricDraft, newSection } from './rubricDraft';
import { RubricSettings } from './RubricSettings';
import { SectionEditor } from './SectionEditor';

type TabKey = 'criteria' | 'settings';

/** The two tabs of the editor: the sections with their criteria, and everything else. */
export function RubricEditor({ draft }: { draft: RubricDraft }) {
  const { t } = useTranslation();
  const { readOnly, edit, issues, requestFocus } = useRubricEditorContext();
  const [tab, setTab] = useState<TabKey>('criteria');
  const criteriaIssues = issues.countUnder(['sections']);
  const otherIssues = issues.all.length - criteriaIssues;

  const addSection = () => {
    const section = newSection(draft, t('rubric.newSectionTitle'), t('rubric.newCriterionTitle'));
    edit((next) => ({ ...next, sections: [...next.sections, section] }));
    requestFocus(`${section.key}-title`);
  };

  const label = (text: string, count: number) => (
    <Badge count={count} size="small" offset={[8, -2]}>
      <span>{text}</span>
    </Badge>
  );

  return (
    <Tabs
      activeKey={tab}
      onChange={(key) => setTab(key as TabKey)}
      items={[
        {
          key: 'criteria',
          label: label(t('rubric.tabCriteria'), criteriaIssues),
          children: (
            <Flex vertical gap={12} data-testid="rubric-sections">
              {issues.messagesAt(['sections']).map((text) => (
                <Typography.Text type="danger" key={text}>
                  {text}
                </Typography.Text>
              ))}
              {draft.sections.map((section, s) => (
                <SectionEditor key={section.key} draft={draft} s={s} section={section} />
              ))}
              {!readOnly && (
                <Button icon={<PlusOutlined />} onClick={addSection} disabled={draft.sections.length >= RUBRIC_LIMITS.sections} style={{ alignSelf: 'flex-start' }} data-testid="add-section">
                  {t('rubric.addSection')}
                </Button>
              )}
            </Flex>
          ),
        },
        {
          key: 'settings',
          label: label(t('rubric.tabSettings'), otherIssues),
          children: <RubricSettings draft={draft} />,
        },
      ]}
    />
  );
}
