import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin, Typography } from 'antd';
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
  const [doc, setDoc] = useState<OpenDocument | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const saveTimer = useRef<number | undefined>(undefined);

  useEffect(() => {
    // Opened from a link or a reload: the document's name comes with its round.
    if (name === undefined) void loadApplications(route.roundId);
  }, [name, route.roundId, loadApplications]);

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
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate({ view: 'round', roundId: route.roundId })}>
          {t('ui.back')}
        </Button>
        <Typography.Text strong data-testid="reader-document-name">
          {name ?? route.sha256.slice(0, 12)}
        </Typography.Text>
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
          />
        )}
      </div>
    </div>
  );
}
