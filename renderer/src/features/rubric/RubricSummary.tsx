import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Divider, Flex, Statistic, Tooltip } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type RubricDraft, draftCriterionCount, draftTotal } from './rubricDraft';

interface Props {
  draft: RubricDraft;
  issueCount: number;
  readOnly: boolean;
  onImport(file: File): void;
  /** Null while the draft is invalid: there is nothing valid to export. */
  onExport: (() => void) | null;
}

/**
 * The live figures (total of maxima, sections, criteria, problems) and the JSON import
 * and export, kept in view at the top while the editor scrolls.
 */
export function RubricSummary({ draft, issueCount, readOnly, onImport, onExport }: Props) {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <Flex
      align="center"
      justify="space-between"
      wrap
      gap={16}
      style={{ position: 'sticky', top: 0, zIndex: 3, background: '#fff', padding: '8px 0 12px', borderBottom: '1px solid #f0f0f0', marginBottom: 12 }}
    >
      <Flex gap={32} align="center">
        <div data-testid="rubric-total">
          <Statistic title={t('rubric.total')} value={draftTotal(draft)} styles={{ content: { color: '#1f4e8c', fontWeight: 600 } }} />
        </div>
        <Statistic title={t('rubric.sectionsCount')} value={draft.sections.length} />
        <div data-testid="rubric-criteria-count">
          <Statistic title={t('rubric.criteriaCount')} value={draftCriterionCount(draft)} />
        </div>
        {!readOnly && (
          <div data-testid="rubric-issue-count">
            <Statistic title={t('rubric.issueCount')} value={issueCount} styles={{ content: { color: issueCount > 0 ? '#cf1322' : '#389e0d' } }} />
          </div>
        )}
      </Flex>
      <Flex gap={8} align="center">
        {!readOnly && (
          <>
            <input
              ref={fileInput}
              type="file"
              accept=".json,application/json"
              hidden
              onChange={(event) => {
                const file = event.target.files?.[0];
                // Cleared, so choosing the same file again is a change too.
                event.target.value = '';
                if (file !== undefined) onImport(file);
              }}
              data-testid="rubric-import-input"
            />
            <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()} data-testid="rubric-import">
              {t('rubric.importJson')}
            </Button>
            <Divider orientation="vertical" />
          </>
        )}
        <Tooltip title={onExport === null ? t('rubric.exportInvalid') : t('rubric.exportHint')}>
          <Button icon={<DownloadOutlined />} disabled={onExport === null} onClick={onExport ?? undefined} data-testid="rubric-export">
            {t('rubric.exportJson')}
          </Button>
        </Tooltip>
      </Flex>
    </Flex>
  );
}
