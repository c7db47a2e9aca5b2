import { PlusOutlined } from '@ant-design/icons';
import { Button, Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { defaultRecommendations } from '../../../../shared/domain/rubric';
import { setRecommendation } from './draftEdits';
import { useRubricEditorContext } from './editorContext';
import { type DraftRecommendation, type RubricDraft, freshId, moveItem, newKey, optionalText, removeItem } from './rubricDraft';
import { TextField } from './RubricFields';
import { RowActions } from './RowActions';

const isBuiltIn = (id: string) => (defaultRecommendations as readonly string[]).includes(id);

/** The recommendations experts choose from (同意 / 修改后同意 / 不同意 …), with their labels. */
export function RecommendationsEditor({ draft }: { draft: RubricDraft }) {
  const { t } = useTranslation();
  const { readOnly, edit, issues, requestFocus } = useRubricEditorContext();
  const rows = draft.recommendations;
  const at = (r: number, field?: string) => (field === undefined ? ['recommendations', r] : ['recommendations', r, field]);
  const change = (r: number, patch: Partial<DraftRecommendation>) => edit((next) => setRecommendation(next, r, patch));
  const defaultLabel = (id: string) => (isBuiltIn(id) ? t(`recommendation.${id}`) : undefined);

  const columns: TableColumnsType<DraftRecommendation> = [
    {
      title: t('rubric.recommendationId'),
      width: 190,
      // The id's own problems (format, duplicates, a missing label) sit at the row's path.
      render: (_value, row, r) => (
        <TextField path={at(r)} label={t('rubric.recommendationId')} hideLabel monospace value={row.id} onChange={(id) => change(r, { id })} focusId={`${row.key}-id`} testId="recommendation-id" />
      ),
    },
    {
      title: t('rubric.recommendationTitle'),
      render: (_value, row, r) => (
        <TextField
          path={at(r, 'title')}
          label={t('rubric.recommendationTitle')}
          hideLabel
          placeholder={defaultLabel(row.id)}
          value={row.title}
          onChange={(text) => change(r, { title: optionalText(text) })}
          testId="recommendation-title"
        />
      ),
    },
    {
      title: t('rubric.recommendationTitleEn'),
      render: (_value, row, r) => (
        <TextField
          path={at(r, 'titleEn')}
          label={t('rubric.recommendationTitleEn')}
          hideLabel
          placeholder={t('rubric.englishOptional')}
          value={row.titleEn}
          onChange={(text) => change(r, { titleEn: optionalText(text) })}
        />
      ),
    },
  ];
  if (!readOnly) {
    columns.push({
      width: 100,
      render: (_value, row, r) => (
        <RowActions
          rowKey={row.key}
          name={row.title ?? defaultLabel(row.id) ?? row.id}
          onMove={(direction) => edit((next) => ({ ...next, recommendations: moveItem(next.recommendations, r, r + direction) }))}
          canMoveUp={r > 0}
          canMoveDown={r < rows.length - 1}
          onRemove={() => edit((next) => ({ ...next, recommendations: removeItem(next.recommendations, r) }))}
          canRemove={rows.length > 2}
          testId="recommendation"
        />
      ),
    });
  }

  return (
    <div data-testid="recommendations-editor">
      <Typography.Paragraph type="secondary">{t('rubric.recommendationsIntro')}</Typography.Paragraph>
      {issues.messagesAt(['recommendations']).map((text) => (
        <Typography.Text type="danger" key={text}>
          {text}
        </Typography.Text>
      ))}
      <Table<DraftRecommendation> size="small" rowKey="key" columns={columns} dataSource={rows} pagination={false} />
      {!readOnly && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          disabled={rows.length >= 10}
          onClick={() => {
            const row: DraftRecommendation = { key: newKey(), id: freshId('option', rows.map((existing) => existing.id)) };
            edit((next) => ({ ...next, recommendations: [...next.recommendations, row] }));
            requestFocus(`${row.key}-id`);
          }}
          data-testid="add-recommendation"
        >
          {t('rubric.addRecommendation')}
        </Button>
      )}
    </div>
  );
}
