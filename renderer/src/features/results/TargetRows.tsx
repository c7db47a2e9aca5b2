import { useTranslation } from 'react-i18next';
import { achievedRatio } from '../../../../shared/domain/rubric';
import type { TargetRow } from '../../../../shared/domain/scoreBundle';
import { formatFigure } from './format';

/** A targets-vs-actuals table as the expert filled it in; the achieved ratio is computed here, as everywhere. */
export function TargetRows({ rows }: { rows: readonly TargetRow[] }) {
  const { t } = useTranslation();
  return (
    <table className="pr-targets" data-testid="review-targets">
      <thead>
        <tr>
          <th>{t('resultsUi.indicator')}</th>
          <th>{t('resultsUi.target')}</th>
          <th>{t('resultsUi.actual')}</th>
          <th>{t('resultsUi.achieved')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          const ratio = achievedRatio(row.target, row.actual, row.better);
          // 2.5%, 12亿元, but 3 kWh: a space only before a Latin unit.
          const unit = /^[A-Za-z]/.test(row.unit) ? ` ${row.unit}` : row.unit;
          return (
            <tr key={`${row.indicator}-${index}`}>
              <td>{row.indicator}</td>
              <td>{row.target === null ? '–' : `${formatFigure(row.target)}${unit}`}</td>
              <td>{row.actual === null ? '–' : `${formatFigure(row.actual)}${unit}`}</td>
              <td className={ratio !== null && ratio < 1 ? 'pr-target-short' : ''}>{ratio === null ? '–' : `${formatFigure(ratio * 100)}%`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
