import { Alert, App, Button, Card, Flex, Input, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Flag, ResultsApplication } from '../../../../shared/domain/results';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { formatFigure } from './format';
import type { RubricLabels } from './rubricLabels';

type Outcome = NonNullable<Flag['outcome']>;

interface Props {
  roundId: string;
  application: ResultsApplication;
  labels: RubricLabels;
}

/** The application's disagreement flags, each with the secretary's note or the panel's consensus (flag.note). */
export function FlagNotes({ roundId, application, labels }: Props) {
  const { t } = useTranslation();
  if (application.flags.length === 0) return <Typography.Text type="secondary">{t('resultsUi.noFlagsHere')}</Typography.Text>;
  return (
    <Flex vertical gap={12}>
      {application.flags.map((flag) => (
        // Keyed by what is saved too: a note saved elsewhere (the CLI, another window) replaces the form's text.
        <FlagNoteCard key={`${flag.criterionId ?? ''}\u0000${flag.outcome ?? ''}\u0000${flag.note ?? ''}`} roundId={roundId} applicationId={application.id} flag={flag} title={labels.criterion(flag.criterionId)} />
      ))}
    </Flex>
  );
}

interface CardProps {
  roundId: string;
  applicationId: string;
  flag: Flag;
  title: string;
}

function FlagNoteCard({ roundId, applicationId, flag, title }: CardProps) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const [outcome, setOutcome] = useState<Outcome>(flag.outcome ?? 'note');
  const [note, setNote] = useState(flag.note ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);
  const changed = note.trim() !== (flag.note ?? '') || outcome !== (flag.outcome ?? 'note');

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await invoke('flag.note', { roundId, applicationId, criterionId: flag.criterionId, outcome, note });
      void message.success(t('resultsUi.noteSaved'));
    } catch (failure) {
      setError(toCommandError(failure));
    } finally {
      setSaving(false);
    }
  };

  const state =
    flag.note === null ? (
      <Tag color="orange">{t('resultsUi.flagOpen')}</Tag>
    ) : (
      <Tag color="green">{t(flag.outcome === 'consensus' ? 'resultsUi.flagConsensus' : 'resultsUi.flagNoted')}</Tag>
    );
  return (
    <Card
      size="small"
      title={t('resultsUi.flagTitle', { criterion: title })}
      extra={<span data-testid="flag-state">{state}</span>}
      data-testid="flag-card"
      data-criterion={flag.criterionId ?? 'total'}
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('resultsUi.flagSpread', { spread: formatFigure(flag.spread), limit: formatFigure(flag.limit) })}</Typography.Text>
        <Radio.Group value={outcome} onChange={(event) => setOutcome(event.target.value as Outcome)} aria-label={t('resultsUi.outcome')}>
          <Radio value="note">{t('resultsUi.outcomeNote')}</Radio>
          <Radio value="consensus">{t('resultsUi.outcomeConsensus')}</Radio>
        </Radio.Group>
        <Input.TextArea
          value={note}
          onChange={(event) => setNote(event.target.value)}
          // Enter makes a new line; Ctrl+Enter saves, as in the other note fields.
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && note.trim() !== '' && changed) void save();
          }}
          placeholder={t(outcome === 'consensus' ? 'resultsUi.consensusPlaceholder' : 'resultsUi.notePlaceholder')}
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={4000}
          aria-label={t('resultsUi.noteLabel')}
          data-testid="flag-note"
        />
        {error !== null && <Alert type="error" showIcon title={describeError(translate, error)} />}
        <Flex justify="flex-end">
          <Button type="primary" loading={saving} disabled={note.trim() === '' || !changed} onClick={() => void save()} data-testid="flag-save">
            {t('resultsUi.saveNote')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
