import { Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Criterion } from '../../../../shared/domain/rubric';
import { formatScore, parseScore, stepScore } from './scoreInput';

interface ScoreFieldProps {
  criterion: Criterion;
  value: number | null;
  disabled: boolean;
  label: string;
  onChange(value: number | null): void;
}

/**
 * A score typed or stepped with ↑/↓. What is typed stays on screen as typed; only a
 * valid score (or an empty field) reaches the store, and an invalid one is shown with
 * the reason beside it, never clamped or dropped silently.
 */
export function ScoreField({ criterion, value, disabled, label, onChange }: ScoreFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatScore(value));
  const parsed = parseScore(text, criterion);
  const problem = 'problem' in parsed ? parsed.problem : null;

  // A value changed from elsewhere (undo, a band chosen, another window) replaces the text,
  // unless the text already means that value (typing "17." must not become "17").
  useEffect(() => {
    setText((current) => {
      const shown = parseScore(current, criterion);
      return 'value' in shown && shown.value === value ? current : formatScore(value);
    });
  }, [value, criterion]);

  const commit = (next: string) => {
    setText(next);
    const result = parseScore(next, criterion);
    if ('value' in result && result.value !== value) onChange(result.value);
  };

  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
      <Input
        value={text}
        disabled={disabled}
        inputMode="decimal"
        aria-label={label}
        aria-invalid={problem !== null}
        status={problem === null ? undefined : 'error'}
        placeholder={t('scoring.scorePlaceholder', { max: criterion.max })}
        suffix={<Typography.Text type="secondary">/ {criterion.max}</Typography.Text>}
        style={{ width: 120 }}
        data-score-input={criterion.id}
        data-testid={`score-${criterion.id}`}
        onChange={(event) => commit(event.target.value)}
        onKeyDown={(event) => {
          if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && !event.altKey && !event.ctrlKey && !event.metaKey) {
            event.preventDefault();
            const current = 'value' in parsed ? parsed.value : value;
            commit(formatScore(stepScore(current, criterion, event.key === 'ArrowUp' ? 1 : -1)));
          }
        }}
      />
      {problem !== null && (
        <Typography.Text type="danger" role="alert" data-testid={`score-problem-${criterion.id}`}>
          {t(`scoring.${problem.key}`, problem)}
        </Typography.Text>
      )}
    </div>
  );
}
