import { DeleteOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { RUBRIC_LIMITS } from '../../../../shared/domain/rubric';
import { setBand, setBands } from './draftEdits';
import { useRubricEditorContext } from './editorContext';
import { type DraftBand, type DraftCriterion, newKey, optionalText, removeItem, standardBands } from './rubricDraft';
import { NumberField, TextField } from './RubricFields';

interface Props {
  s: number;
  c: number;
  criterion: DraftCriterion;
}

/** A criterion's score bands (优 18–20 …): what a score in each range means. */
export function BandsEditor({ s, c, criterion }: Props) {
  const { t } = useTranslation();
  const { readOnly, edit, issues, requestFocus } = useRubricEditorContext();
  const bands = criterion.bands ?? [];
  const at = (b: number, field: string) => ['sections', s, 'criteria', c, 'bands', b, field];
  const change = (b: number, patch: Partial<DraftBand>) => edit((draft) => setBand(draft, s, c, b, patch));
  const step = criterion.step ?? 1;
  const canGenerate = criterion.max !== null && criterion.max > 0 && step > 0;

  const columns: TableColumnsType<DraftBand> = [
    {
      title: t('rubric.field.label'),
      width: '14%',
      render: (_value, band, b) => (
        <TextField path={at(b, 'label')} label={t('rubric.field.label')} hideLabel value={band.label} onChange={(label) => change(b, { label })} focusId={`${band.key}-label`} testId="band-label" />
      ),
    },
    {
      title: t('rubric.field.labelEn'),
      width: '16%',
      render: (_value, band, b) => (
        <TextField path={at(b, 'labelEn')} label={t('rubric.field.labelEn')} hideLabel value={band.labelEn} onChange={(text) => change(b, { labelEn: optionalText(text) })} />
      ),
    },
    {
      title: t('rubric.field.min'),
      width: 100,
      render: (_value, band, b) => <NumberField path={at(b, 'min')} label={t('rubric.field.min')} hideLabel value={band.min} step={step} onChange={(min) => change(b, { min })} testId="band-min" />,
    },
    {
      title: t('rubric.field.bandMax'),
      width: 100,
      render: (_value, band, b) => <NumberField path={at(b, 'max')} label={t('rubric.field.bandMax')} hideLabel value={band.max} step={step} onChange={(max) => change(b, { max })} testId="band-max" />,
    },
    {
      title: t('rubric.field.description'),
      render: (_value, band, b) => (
        <TextField path={at(b, 'description')} label={t('rubric.field.description')} hideLabel value={band.description} onChange={(text) => change(b, { description: optionalText(text) })} />
      ),
    },
  ];
  if (!readOnly) {
    columns.push({
      width: 48,
      render: (_value, band, b) => (
        <Tooltip title={t('rubric.remove')}>
          <Button
            type="text"
            danger
            size="small"
            icon={<DeleteOutlined />}
            aria-label={t('rubric.actionOn', { action: t('rubric.remove'), name: band.label })}
            onClick={() => edit((draft) => setBands(draft, s, c, (rows) => removeItem(rows, b)))}
          />
        </Tooltip>
      ),
    });
  }

  return (
    <div data-testid="bands-editor">
      <Flex align="center" justify="space-between" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('rubric.field.bands')}</Typography.Text>
        {!readOnly && (
          <Flex gap={8}>
            <Tooltip title={t('rubric.standardBandsHelp')}>
              <Button
                size="small"
                icon={<ThunderboltOutlined />}
                disabled={!canGenerate}
                onClick={() => edit((draft) => setBands(draft, s, c, () => standardBands(criterion.max ?? 0, step)))}
                data-testid="bands-standard"
              >
                {t('rubric.standardBands')}
              </Button>
            </Tooltip>
            <Button
              size="small"
              icon={<PlusOutlined />}
              disabled={bands.length >= RUBRIC_LIMITS.bands}
              onClick={() => {
                const band: DraftBand = { key: newKey(), label: '', min: 0, max: criterion.max ?? 0 };
                edit((draft) => setBands(draft, s, c, (rows) => [...rows, band]));
                requestFocus(`${band.key}-label`);
              }}
              data-testid="bands-add"
            >
              {t('rubric.addBand')}
            </Button>
          </Flex>
        )}
      </Flex>
      {issues.messagesAt(['sections', s, 'criteria', c, 'bands']).map((text) => (
        <Typography.Text type="danger" key={text}>
          {text}
        </Typography.Text>
      ))}
      {bands.length === 0 ? (
        <Typography.Text type="secondary">{t('rubric.noBands')}</Typography.Text>
      ) : (
        <Table<DraftBand> size="small" rowKey="key" columns={columns} dataSource={bands} pagination={false} bordered={false} />
      )}
    </div>
  );
}
