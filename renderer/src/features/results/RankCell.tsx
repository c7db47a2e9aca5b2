import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResultsApplication } from '../../../../shared/domain/results';
import { NO_FIGURE } from './format';

/** "1", or "2 并列" / "=2" when the whole tie-break chain left the application tied. */
export function RankCell({ application }: { application: Pick<ResultsApplication, 'rank' | 'tied'> }) {
  const { t } = useTranslation();
  if (application.rank === null) {
    return (
      <Tooltip title={t('resultsUi.unranked')}>
        <span data-testid="rank">{NO_FIGURE}</span>
      </Tooltip>
    );
  }
  if (!application.tied) return <span data-testid="rank">{application.rank}</span>;
  return (
    <Tooltip title={t('resultsUi.tiedHint')}>
      <span data-testid="rank" data-tied="true" className="pr-rank-tied">
        {t('resultsUi.rankTied', { rank: application.rank })}
      </span>
    </Tooltip>
  );
}
