/**
 * A page with nothing but the reader, for development and the reader's e2e test:
 * /reader-harness.html?src=/blob/<sha256>&page=20&hl=另起一页&hlpage=20&password=…&lang=en
 * (or #src=… to switch documents without reloading the page).
 * It shows the layout the app uses (PDF left, scoring sheet right) and, in a thin
 * status line, what the reader reported (page changes, errors).
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigProvider, App as AntApp } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import 'antd/dist/reset.css';
import i18next from '../../i18n';
import { ReaderLayout } from './ReaderLayout';
import { prefetchPdf, prewarmReader } from './pdfjs';
import { drawFirstPageBare } from './floorProbe';

const params = new URLSearchParams(location.search);
const language = params.get('lang') === 'en' ? 'en' : 'zh-CN';
void i18next.changeLanguage(language);
document.documentElement.lang = language;

const FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

function positiveInt(value: string | null, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

/** `#src=…` overrides `?src=`, and changing it switches documents in place (tests the teardown). */
function hashSource(): string | null {
  return new URLSearchParams(location.hash.slice(1)).get('src');
}

function Harness() {
  const [src, setSrc] = useState(() => hashSource() ?? params.get('src') ?? '');
  useEffect(() => {
    const onHash = () => {
      const next = hashSource() ?? params.get('src') ?? '';
      if (next !== '') prefetchPdf(next, params.get('password'));
      setSrc(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const hl = params.get('hl');
  const highlight = hl === null || hl === '' ? null : { page: positiveInt(params.get('hlpage'), 1), text: hl };
  const [status, setStatus] = useState({ page: 0, pages: 0, error: '', message: '' });
  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1f4e8c', borderRadius: 6, fontFamily: FONT_FAMILY } }}>
      <AntApp>
        <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
          <div style={{ flex: 1, minHeight: 0 }}>
            {src === '' ? (
              <div data-testid="harness-idle" style={{ padding: 24, color: '#888' }}>
                reader-harness.html?src=… or #src=…
              </div>
            ) : (
            <ReaderLayout
              src={src}
              password={params.get('password')}
              initialPage={positiveInt(params.get('page'), 1)}
              highlight={highlight}
              onPageChange={(page, pages) => setStatus((s) => ({ ...s, page, pages }))}
              onError={(code, message) => setStatus((s) => ({ ...s, error: code, message }))}
            />
            )}
          </div>
          <div
            data-testid="harness-status"
            data-page={status.page}
            data-pages={status.pages}
            data-error={status.error}
            style={{ fontSize: 12, color: '#888', padding: '2px 8px', borderTop: '1px solid #eee' }}
          >
            {src} · {status.page}/{status.pages} {status.error !== '' && `· ${status.error}: ${status.message}`}
          </div>
        </div>
      </AntApp>
    </ConfigProvider>
  );
}

// As the app does once a round's documents are listed (App.tsx).
prewarmReader();

if (params.get('probe') === 'floor') {
  // The benchmark calls this instead of opening the reader (floorProbe.ts).
  (window as unknown as { drawFirstPageBare: typeof drawFirstPageBare }).drawFirstPageBare = drawFirstPageBare;
} else {
  const root = document.getElementById('root');
  if (root === null) throw new Error('reader-harness.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <Harness />
    </StrictMode>,
  );
}
