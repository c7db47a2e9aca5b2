import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Select, Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RUBRIC_LIMITS } from '../../../../shared/domain/rubric';
import { setIndicator, setIndicators } from './draftEdits';
import { fieldId, useRubricEditorContext } from './editorContext';
import { type DraftCriterion, type DraftIndicator, moveItem, newKey, optionalText, removeItem } from './rubricDraft';
import { TextField } from './RubricFields';
import { RowActions } from './RowActions';

interface Props {
  s: number;
  c: number;
  criterion: DraftCriterion;
}

type Better = NonNullable<DraftIndicator['better']>;

/** The indicators a targets table starts with (the city's own target and actual are entered by the expert). */
export function IndicatorsEditor({ s, c, criterion }: Props) {
  const { t } = useTranslation();
  const { readOnly, edit, issues, requestFocus } = useRubricEditorContext();
  const rows = criterion.presetIndicators ?? [];
  const at = (r: number, field: string) => ['sections', s, 'criteria', c, 'presetIndicators', r, field];
  const change = (r: number, patch: Partial<DraftIndicator>) => edit((draft) => setIndicator(draft, s, c, r, patch));

  const columns: TableColumnsType<DraftIndicator> = [
    {
      title: t('rubric.field.indicator'),
      width: '34%',
      render: (_value, row, r) => (
        <TextField path={at(r, 'indicator')} label={t('rubric.field.indicator')} hideLabel value={row.indicator} onChange={(indicator) => change(r, { indicator })} focusId={`${row.key}-indicator`} testId="indicator-name" />
      ),
    },
    {
      title: t('rubric.field.indicatorEn'),
      render: (_value, row, r) => (
        <TextField path={at(r, 'indicatorEn')} label={t('rubric.field.indicatorEn')} hideLabel value={row.indicatorEn} onChange={(text) => change(r, { indicatorEn: optionalText(text) })} />
      ),
    },
    {
      title: t('rubric.field.unit'),
      width: 90,
      render: (_value, row, r) => <TextField path={at(r, 'unit')} label={t('rubric.field.unit')} hideLabel value={row.unit} maxLength={40} onChange={(text) => change(r, { unit: optionalText(text) })} />,
    },
    {
      title: t('rubric.field.better'),
      width: 130,
      render: (_value, row, r) => (
        <Form.Item style={{ marginBottom: 0 }}>
          <Select<Better | 'unset'>
            id={fieldId(at(r, 'better'))}
            aria-label={t('rubric.field.better')}
            value={row.better ?? 'unset'}
            onChange={(better) => change(r, { better: better === 'unset' ? undefined : better })}
            options={(['higher', 'lower', 'unset'] as const).map((value) => ({ value, label: t(`rubric.better.${value}`) }))}
          />
        </Form.Item>
      ),
    },
  ];
  if (!readOnly) {
    columns.push({
      width: 100,
      render: (_value, row, r) => (
        <RowActions
          rowKey={row.key}
          name={row.indicator}
          onMove={(direction) => edit((draft) => setIndicators(draft, s, c, (list) => moveItem(list, r, r + direction)))}
          canMoveUp={r > 0}
          canMoveDown={r < rows.length - 1}
          onRemove={() => edit((draft) => setIndicators(draft, s, c, (list) => removeItem(list, r)))}
          canRemove
          testId="indicator"
        />
      ),
    });
  }

  return (
    <div data-testid="indicators-editor">
      <Flex align="center" justify="space-between" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('rubric.field.presetIndicators')}</Typography.Text>
        {!readOnly && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            disabled={rows.length >= RUBRIC_LIMITS.presetIndicators}
            onClick={() => {
              const row: DraftIndicator = { key: newKey(), indicator: '' };
              edit((draft) => setIndicators(draft, s, c, (list) => [...list, row]));
              requestFocus(`${row.key}-indicator`);
            }}
            data-testid="indicators-add"
          >
            {t('rubric.addIndicator')}
          </Button>
        )}
      </Flex>
      {issues.messagesAt(['sections', s, 'criteria', c, 'presetIndicators']).map((text) => (
        <Typography.Text type="danger" key={text}>
          {text}
        </Typography.Text>
      ))}
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t('rubric.noIndicators')}</Typography.Text>
      ) : (
        <Table<DraftIndicator> size="small" rowKey="key" columns={columns} dataSource={rows} pagination={false} />
      )}
    </div>
  );
}
