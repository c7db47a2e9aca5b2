import { Alert, Button, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Results, ResultsApplication } from '../../../../shared/domain/results';
import { applicationLabel } from '../scoring/applicationLabel';
import { useResults } from './resultsStore';
import { TieDecisionDialog } from './TieDecisionDialog';

/** Applications the whole chain left tied, by shared rank, in ranking order. */
export function tieGroups(applications: readonly ResultsApplication[]): ResultsApplication[][] {
  const groups = new Map<number, ResultsApplication[]>();
  for (const application of applications) {
    if (!application.tied || application.rank === null) continue;
    groups.set(application.rank, [...(groups.get(application.rank) ?? []), application]);
  }
  return [...groups.values()];
}

/**
 * Ties left in the official ranking, each with a way to record the order the panel
 * decided (tie.decide). Sensitivity views only show their ties in the table.
 */
export function TieGroups({ roundId, results }: { roundId: string; results: Results }) {
  const { t } = useTranslation();
  const method = useResults((s) => s.method);
  const [deciding, setDeciding] = useState<ResultsApplication[] | null>(null);
  const groups = method === 'official' ? tieGroups(results.applications) : [];
  if (groups.length === 0) return null;
  return (
    <Flex vertical gap={8}>
      {groups.map((group) => (
        <Alert
          key={group[0]?.rank ?? 0}
          type="warning"
          showIcon
          data-testid="tie-group"
          title={t('resultsUi.tieNotice', { rank: group[0]?.rank ?? '', names: group.map(applicationLabel).join(t('errors.listSeparator')) })}
          action={
            <Button size="small" onClick={() => setDeciding(group)} data-testid="tie-decide">
              {t('resultsUi.tieDecide')}
            </Button>
          }
        />
      ))}
      <TieDecisionDialog roundId={roundId} results={results} group={deciding} onClose={() => setDeciding(null)} />
    </Flex>
  );
}
