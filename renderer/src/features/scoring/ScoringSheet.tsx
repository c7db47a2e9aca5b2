import { Alert, App, Spin, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../../shared/domain/application';
import { sheetProgress } from '../../../../shared/domain/sheetProgress';
import type { Evidence } from '../../../../shared/domain/scoring';
import { describeError } from '../../../../shared/i18n/describeError';
import { toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import type { ReaderApi } from '../reader/evidenceLayer';
import { CoiPanel } from './CoiPanel';
import { CriterionCard } from './CriterionCard';
import { useLocalized } from './localized';
import { OpinionPanel } from './OpinionPanel';
import { SheetHeader } from './SheetHeader';
import { focusCriterion, sheetKeyHandler } from './sheetKeys';
import './scoringMessages';
import { useScoring } from './scoringStore';

export interface ScoringSheetProps {
  roundId: string;
  applicationId: string;
  /** The document open in the reader. */
  sha256: string;
  applications: readonly Application[];
  reader: { current: ReaderApi | null };
  /** Opens a document of an application (the first one when sha256 is null), at a page. */
  onOpen(applicationId: string, sha256: string | null, page: number | null): void;
}

/** The expert's scoring sheet for one application, beside the PDF. */
export function ScoringSheet({ roundId, applicationId, sha256, applications, reader, onOpen }: ScoringSheetProps) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const localized = useLocalized();
  const { message } = App.useApp();
  const rootRef = useRef<HTMLDivElement | null>(null);
  const sheet = useScoring((s) => (s.roundId === roundId ? s.sheet : null));
  const loadError = useScoring((s) => s.loadError);
  const load = useScoring((s) => s.load);
  const undoLast = useScoring((s) => s.undoLast);
  const addEvidence = useScoring((s) => s.addEvidence);

  useEffect(() => {
    void load(roundId);
  }, [roundId, load]);

  if (loadError !== null) return <Alert type="error" showIcon message={t('scoring.loadFailed')} description={describeError(translate, loadError)} style={{ margin: 16 }} />;
  const application = sheet?.applications.find((a) => a.applicationId === applicationId);
  if (sheet === null || application === undefined) return <Spin style={{ margin: 48 }} />;

  const progress = sheetProgress(sheet.rubric, application);
  const locked = application.coi === null || application.coi.kind === 'conflict';
  const switchTo = (id: string) => onOpen(id, null, null);
  const switchBy = (direction: 1 | -1) => {
    const index = applications.findIndex((a) => a.id === applicationId);
    const next = applications[index + direction];
    if (next !== undefined) switchTo(next.id);
  };
  const attach = (criterionId: string) => {
    const anchor = reader.current?.selectionAnchor() ?? null;
    if (anchor === null) {
      void message.warning(t('scoring.noSelection'));
      return;
    }
    addEvidence(applicationId, { criterionId, sha256, ...anchor }).then(
      () => window.getSelection()?.removeAllRanges(),
      (caught: unknown) => void message.error(describeError(translate, toCommandError(caught))),
    );
  };
  const openEvidence = (anchor: Evidence) => {
    if (anchor.sha256 === sha256) reader.current?.showAnchor(anchor);
    else onOpen(applicationId, anchor.sha256, anchor.page);
  };

  return (
    <div ref={rootRef} className="pr-sheet" onKeyDown={sheetKeyHandler({ switchApplication: switchBy, undo: undoLast })} data-testid="scoring-sheet">
      <SheetHeader
        sheet={sheet}
        applicationId={applicationId}
        applications={applications}
        progress={progress}
        onSwitch={switchTo}
        onMissing={(id) => focusCriterion(rootRef.current, id)}
      />
      <div className="pr-sheet-body">
        <CoiPanel application={application} />
        {sheet.rubric.sections.map((section) => (
          <section key={section.id} className="pr-section" aria-label={localized(section.title, section.titleEn)}>
            <div className="pr-section-title">
              <Typography.Text strong>{localized(section.title, section.titleEn)}</Typography.Text>
              <Typography.Text type="secondary" data-testid={`section-total-${section.id}`}>
                {progress.sectionTotals[section.id] ?? 0} / {section.criteria.reduce((sum, criterion) => sum + criterion.max, 0)}
              </Typography.Text>
            </div>
            {section.criteria.map((criterion) => (
              <CriterionCard
                key={`${applicationId}-${criterion.id}`}
                criterion={criterion}
                application={application}
                locked={locked}
                currentSha256={sha256}
                onAttach={attach}
                onOpenEvidence={openEvidence}
              />
            ))}
          </section>
        ))}
        <OpinionPanel rubric={sheet.rubric} application={application} locked={locked} />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('scoring.keyboardHelp')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
