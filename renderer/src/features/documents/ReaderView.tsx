import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Spin, Typography } from 'antd';
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { type Route, useNavigation } from '../../navigation';
import { useApplications } from '../applications/applicationStore';
import { ReaderLayout } from '../reader/ReaderLayout';
import { prefetchPdf } from '../reader/pdfjs';
import { openDocument } from './documentPrefetch';
import { snapshotUrl } from '../../../../shared/domain/application';
import type { ReaderApi } from '../reader/evidenceLayer';
import { useRounds } from '../rounds/roundStore';
import { ScoringSheet } from '../scoring/ScoringSheet';
import { useScoring } from '../scoring/scoringStore';

export { prewarmReader } from '../reader/pdfjs';

type ReaderRoute = Extract<Route, { view: 'reader' }>;

interface OpenDocument {
  url: string;
  password: string | null;
  pages: number;
  lastPage: number | null;
}

/** Saving the position on every scrolled page would write to disk many times a second. */
const SAVE_POSITION_AFTER_MS = 800;

/**
 * A stored PDF opened for reading beside the scoring sheet: at the search hit's page with
 * the hit highlighted, else where the reader left it last time, else at page 1.
 */
export function ReaderView({ route }: { route: ReaderRoute }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const navigate = useNavigation((s) => s.navigate);
  const applications = useApplications((s) => s.applications);
  const loadApplications = useApplications((s) => s.load);
  const name = applications.flatMap((a) => a.documents).find((d) => d.sha256 === route.sha256)?.name;
  // In an expert round the scoring sheet of the document's application sits beside it.
  const expertRound = useRounds((s) => s.rounds.find((round) => round.id === route.roundId)?.role === 'expert');
  const loadRounds = useRounds((s) => s.load);
  const applicationId =
    applications.find((a) => a.id === route.app && a.documents.some((d) => d.sha256 === route.sha256))?.id ??
    applications.find((a) => a.documents.some((d) => d.sha256 === route.sha256))?.id;
  const readerApi = useRef<ReaderApi | null>(null);
  const documentsOfApplication = applications.find((a) => a.id === applicationId)?.documents ?? [];
  const evidence = useScoring((s) => (s.roundId === route.roundId ? s.sheet?.applications.find((a) => a.applicationId === applicationId)?.evidence : undefined));
  const anchors = useMemo(() => (evidence ?? []).filter((anchor) => anchor.sha256 === route.sha256), [evidence, route.sha256]);
  const flushScores = useScoring((s) => s.flush);
  const [doc, setDoc] = useState<OpenDocument | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const saveTimer = useRef<number | undefined>(undefined);

  useEffect(() => {
    // Opened from a link or a reload: the document's name comes with its round.
    if (name === undefined) void loadApplications(route.roundId);
  }, [name, route.roundId, loadApplications]);

  useEffect(() => {
    void loadRounds();
  }, [loadRounds]);

  /** Another document or application, from the sheet: what was typed is sent first. */
  const openFromSheet = (app: string, sha256: string | null, page: number | null) => {
    const target = sha256 ?? applications.find((a) => a.id === app)?.documents[0]?.sha256;
    if (target === undefined) return;
    void flushScores();
    if (target === route.sha256 && page === null) navigate({ ...route, app, page: null, query: null });
    else navigate({ view: 'reader', roundId: route.roundId, sha256: target, page, query: null, app });
  };

  useEffect(() => {
    let current = true;
    setDoc(null);
    setError(null);
    // Phase marks for the first-page benchmark (test/bench/reader.bench.test.ts).
    performance.mark('reader:route');
    openDocument(route.sha256).then(
      (opened) => {
        if (!current) return;
        performance.mark('reader:located');
        // The document opens while the reader is being laid out.
        prefetchPdf(opened.url, opened.password);
        // A transition: React renders the reader in slices, so the bytes and the
        // pdf.js worker's messages are handled in between instead of waiting for it.
        startTransition(() => setDoc(opened));
      },
      (caught: unknown) => current && setError(toCommandError(caught)),
    );
    return () => {
      current = false;
      window.clearTimeout(saveTimer.current);
    };
  }, [route.sha256]);

  const initialPage = route.page ?? doc?.lastPage ?? 1;
  const highlight = useMemo(
    () => (route.query !== null && route.page !== null ? { page: route.page, text: route.query } : null),
    [route.query, route.page],
  );

  function rememberPage(page: number) {
    window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(() => {
      void invoke('document.savePosition', { sha256: route.sha256, page }).catch(() => undefined);
    }, SAVE_POSITION_AFTER_MS);
  }

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 64px)' }}>
      <Space style={{ padding: '6px 16px', borderBottom: '1px solid #eee', background: '#fff' }}>
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => {
            void flushScores();
            navigate({ view: 'round', roundId: route.roundId });
          }}
          data-testid="reader-back"
        >
          {t('ui.back')}
        </Button>
        {expertRound && documentsOfApplication.length > 1 ? (
          // The application's other documents, one keystroke away.
          <Select
            value={route.sha256}
            variant="borderless"
            style={{ minWidth: 260, fontWeight: 600 }}
            aria-label={t('ui.documents')}
            onChange={(sha256) => openFromSheet(applicationId ?? '', sha256, null)}
            options={documentsOfApplication.map((document) => ({ value: document.sha256, label: `${document.name} · ${t(`docKind.${document.kind}`)}` }))}
            data-testid="reader-document-name"
          />
        ) : (
          <Typography.Text strong data-testid="reader-document-name">
            {name ?? route.sha256.slice(0, 12)}
          </Typography.Text>
        )}
      </Space>
      <div style={{ flex: 1, minHeight: 0 }}>
        {error !== null && <Alert type="error" showIcon message={describeError(translate, error)} style={{ margin: 16 }} />}
        {error === null && doc === null && <Spin style={{ margin: 48 }} />}
        {doc !== null && (
          <ReaderLayout
            key={route.sha256}
            src={doc.url}
            password={doc.password}
            initialPage={Math.min(initialPage, doc.pages)}
            highlight={highlight}
            onPageChange={(page) => rememberPage(page)}
            snapshotSrc={snapshotUrl(route.sha256)}
            anchors={anchors}
            apiRef={readerApi}
            side={
              expertRound && applicationId !== undefined ? (
                <ScoringSheet
                  roundId={route.roundId}
                  applicationId={applicationId}
                  sha256={route.sha256}
                  applications={applications}
                  reader={readerApi}
                  onOpen={openFromSheet}
                />
              ) : undefined
            }
          />
        )}
      </div>
    </div>
  );
}
