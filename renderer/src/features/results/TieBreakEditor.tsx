import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { rubricCriteria, type Rubric } from '../../../../shared/domain/rubric';
import type { TieBreak } from '../../../../shared/domain/statistics';
import { ReorderList } from './ReorderList';
import type { RubricLabels } from './rubricLabels';

const tieBreakKey = (tieBreak: TieBreak): string => (tieBreak.kind === 'criterion' ? `criterion:${tieBreak.criterionId}` : tieBreak.kind);

function fromKey(key: string): TieBreak {
  if (key.startsWith('criterion:')) return { kind: 'criterion', criterionId: key.slice('criterion:'.length) };
  return { kind: key as Exclude<TieBreak['kind'], 'criterion'> };
}

/** How a step of the chain reads: "higher median", "higher score on 目标定位", … */
export function useTieBreakLabel(labels: RubricLabels): (tieBreak: TieBreak) => string {
  const { t } = useTranslation();
  return (tieBreak) => (tieBreak.kind === 'criterion' ? t('resultsUi.tieBreak.criterion', { criterion: labels.criterion(tieBreak.criterionId) }) : t(`resultsUi.tieBreak.${tieBreak.kind}`));
}

interface Props {
  chain: readonly TieBreak[];
  rubric: Rubric;
  labels: RubricLabels;
  onChange(chain: TieBreak[]): void;
}

/** The tie-break chain in order, each step once; steps not in it can be added at the end. */
export function TieBreakEditor({ chain, rubric, labels, onChange }: Props) {
  const { t } = useTranslation();
  const label = useTieBreakLabel(labels);
  const used = new Set(chain.map(tieBreakKey));
  const candidates: TieBreak[] = [
    { kind: 'median' },
    { kind: 'mean' },
    { kind: 'fewerRejects' },
    ...rubricCriteria(rubric).map(({ criterion }) => ({ kind: 'criterion' as const, criterionId: criterion.id })),
    { kind: 'decision' },
  ];
  const addable = candidates.filter((candidate) => !used.has(tieBreakKey(candidate)));
  return (
    <div>
      <ReorderList items={chain} keyOf={tieBreakKey} render={label} onChange={onChange} removable testId="tiebreak-chain" />
      <Select<string>
        value={null}
        placeholder={t('resultsUi.tieBreakAdd')}
        options={addable.map((candidate) => ({ value: tieBreakKey(candidate), label: label(candidate) }))}
        onChange={(key) => onChange([...chain, fromKey(key)])}
        disabled={addable.length === 0}
        style={{ minWidth: 280 }}
        aria-label={t('resultsUi.tieBreakAdd')}
        data-testid="tiebreak-add"
      />
    </div>
  );
}
