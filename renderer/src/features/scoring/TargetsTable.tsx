import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { achievedRatio, type Criterion } from '../../../../shared/domain/rubric';
import { DECIMAL_TEXT, type TargetRowInput } from '../../../../shared/domain/scoring';

interface TargetsTableProps {
  criterion: Criterion;
  rows: readonly TargetRowInput[];
  disabled: boolean;
  onChange(rows: TargetRowInput[]): void;
}

/** A number typed into a cell: empty is "not given", anything else must parse. */
function cellNumber(text: string): number | null | undefined {
  const trimmed = text.trim().replace(/[，,]/g, '.');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return DECIMAL_TEXT.test(trimmed) && Number.isFinite(value) ? value : undefined;
}

function NumberCell({ value, disabled, label, onChange }: { value: number | null; disabled: boolean; label: string; onChange(value: number | null): void }) {
  return (
    <Input
      size="small"
      inputMode="decimal"
      aria-label={label}
      disabled={disabled}
      defaultValue={value === null ? '' : String(value)}
      style={{ width: 80 }}
      onChange={(event) => {
        const parsed = cellNumber(event.target.value);
        event.target.setAttribute('aria-invalid', String(parsed === undefined));
        if (parsed !== undefined) onChange(parsed);
      }}
    />
  );
}

/**
 * (Indicators are data that goes to the secretary: suggested ones are entered in Chinese.)
 *
 * Targets vs actuals for one criterion of an assessment: the city's own quantified
 * targets, what it reached, and the achieved ratio computed from them (never typed).
 */
export function TargetsTable({ criterion, rows, disabled, onChange }: TargetsTableProps) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<TargetRowInput>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const presets = (criterion.presetIndicators ?? []).filter((preset) => !rows.some((row) => row.indicator === preset.indicator));
  return (
    <div className="pr-targets" data-testid={`targets-${criterion.id}`}>
      <Typography.Text type="secondary">{t('scoring.targetsTitle')}</Typography.Text>
      <table>
        <thead>
          <tr>
            <th>{t('scoring.indicator')}</th>
            <th>{t('scoring.target')}</th>
            <th>{t('scoring.actual')}</th>
            <th>{t('scoring.ratio')}</th>
            <th aria-label={t('scoring.removeRow')} />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const ratio = achievedRatio(row.target, row.actual, row.better);
            return (
              <tr key={`${rows.length}-${index}`}>
                <td>
                  <Input
                    size="small"
                    disabled={disabled}
                    defaultValue={row.indicator}
                    aria-label={t('scoring.indicator')}
                    onChange={(event) => event.target.value.trim() !== '' && update(index, { indicator: event.target.value.trim() })}
                  />
                  <Space size={4} style={{ marginTop: 2 }}>
                    <Input size="small" disabled={disabled} defaultValue={row.unit} placeholder={t('scoring.unit')} aria-label={t('scoring.unit')} style={{ width: 90 }} onChange={(event) => update(index, { unit: event.target.value.trim() })} />
                    <Select
                      size="small"
                      disabled={disabled}
                      value={row.better}
                      aria-label={t('scoring.better')}
                      style={{ width: 110 }}
                      options={[
                        { value: 'higher', label: t('scoring.higher') },
                        { value: 'lower', label: t('scoring.lower') },
                      ]}
                      onChange={(better) => update(index, { better })}
                    />
                  </Space>
                </td>
                <td>
                  <NumberCell value={row.target} disabled={disabled} label={t('scoring.target')} onChange={(target) => update(index, { target })} />
                </td>
                <td>
                  <NumberCell value={row.actual} disabled={disabled} label={t('scoring.actual')} onChange={(actual) => update(index, { actual })} />
                </td>
                <td data-testid="target-ratio">
                  {ratio === null ? '—' : <Typography.Text type={ratio >= 1 ? 'success' : 'warning'}>{(ratio * 100).toFixed(1)}%</Typography.Text>}
                </td>
                <td>
                  {!disabled && <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('scoring.removeRow')} onClick={() => onChange(rows.filter((_, i) => i !== index))} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!disabled && (
        <Space size={4}>
          <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...rows, { indicator: t('scoring.indicator'), unit: '', better: 'higher', target: null, actual: null }])}>
            {t('scoring.addRow')}
          </Button>
          {presets.length > 0 && (
            <Button
              size="small"
              onClick={() =>
                onChange([
                  ...rows,
                  ...presets.map((preset) => ({ indicator: preset.indicator, unit: preset.unit ?? '', better: preset.better ?? 'higher', target: null, actual: null })),
                ])
              }
              data-testid={`add-presets-${criterion.id}`}
            >
              {t('scoring.addPresets')}
            </Button>
          )}
        </Space>
      )}
    </div>
  );
}
