import { App as AntApp, ConfigProvider, Layout, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, transport } from './api/client';
import { AboutPage } from './features/about/AboutPage';
import { RoundPage } from './features/applications/RoundPage';
import { IdentityFirstRunNotice } from './features/identity/IdentityFirstRunNotice';
import { IdentityNavButton } from './features/identity/IdentityNavButton';
import { IdentityPage } from './features/identity/IdentityPage';
import { RoundsPage } from './features/rounds/RoundsPage';
import { type Route, useNavigation } from './navigation';
// Types only: erased from the bundle, so the reader's code still loads lazily.
import type * as ReaderViewModule from './features/documents/ReaderView';
import { LanguageSwitch } from './features/settings/LanguageSwitch';
import { useSettings } from './features/settings/settingsStore';

/** Chinese-first: the system's CJK UI font for both scripts, so Latin and Han text match. */
const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"WenQuanYi Micro Hei"',
  'sans-serif',
].join(', ');

/** pdf.js is most of the reader's weight: not part of the first load of the app. */
type ReaderModule = typeof ReaderViewModule;
/** Set once the reader's code has arrived: from then on it renders without Suspense. */
let readerModule: ReaderModule | null = null;
const loadReader = () =>
  import('./features/documents/ReaderView').then((module) => {
    readerModule = module;
    return module;
  });
const LazyReaderView = lazy(() => loadReader().then((module) => ({ default: module.ReaderView })));

/**
 * The reader, through Suspense only while its code is still on its way: a lazy component
 * suspends on its first render even when the module is already loaded, and React then
 * holds the revealed content back (its fallback throttle): ~300 ms added to opening the
 * first document, although the prewarm had fetched everything.
 */
function ReaderRoute({ route }: { route: Extract<Route, { view: 'reader' }> }) {
  const Loaded = readerModule?.ReaderView;
  if (Loaded !== undefined) return <Loaded route={route} />;
  return (
    <Suspense fallback={<Spin style={{ margin: 48 }} />}>
      <LazyReaderView route={route} />
    </Suspense>
  );
}

/**
 * Once a round's documents are listed and the app is idle, fetch the reader's code and
 * start its PDF worker, so opening a document waits for neither.
 */
function usePrewarmedReader(wanted: boolean): void {
  useEffect(() => {
    if (!wanted) return;
    const prewarm = () => void loadReader().then((module) => module.prewarmReader(), () => undefined);
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(prewarm, 500);
      return () => clearTimeout(timer);
    }
    const handle = requestIdleCallback(prewarm, { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }, [wanted]);
}

interface Info {
  version: string;
  dataDir: string;
}

export function App() {
  const { t } = useTranslation();
  const language = useSettings((s) => s.language);
  const loadSettings = useSettings((s) => s.load);
  const [info, setInfo] = useState<Info | null>(null);
  const route = useNavigation((s) => s.route);
  usePrewarmedReader(route.view === 'round');
  // The round page last shown, while the reader shows one of its documents.
  const [keptRoundId, setKeptRoundId] = useState<string | null>(null);
  const wantedKept = route.view === 'round' ? route.roundId : route.view === 'reader' && route.roundId === keptRoundId ? keptRoundId : null;
  if (wantedKept !== keptRoundId) setKeptRoundId(wantedKept);

  useEffect(() => {
    void loadSettings();
    invoke('app.info', {}).then(setInfo, () => setInfo(null));
  }, [loadSettings]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${t('app.title')} · ${t('app.subtitle')}`;
  }, [language, t]);

  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1f4e8c', borderRadius: 6, fontFamily: FONT_FAMILY } }}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#1f4e8c' }}>
            <Space align="center" style={{ lineHeight: 1 }}>
              <img src="/icon.svg" alt="" width={28} height={28} style={{ display: 'block' }} />
              <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
                {t('app.title')}
              </Typography.Title>
              <Typography.Text style={{ color: 'rgba(255,255,255,0.7)' }}>{t('app.subtitle')}</Typography.Text>
            </Space>
            <Space align="center" size={12}>
              <IdentityNavButton />
              <LanguageSwitch />
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: route.view === 'reader' ? 0 : 24 }}>
            {route.view === 'rounds' && (
              <>
                <IdentityFirstRunNotice />
                <RoundsPage />
              </>
            )}
            {route.view === 'identity' && <IdentityPage />}
            {route.view === 'about' && <AboutPage />}
            {keptRoundId !== null && (
              // Kept (hidden) while one of its documents is read: opening a document does not
              // tear down the list first, and "back" shows it as it was, at once.
              <div hidden={route.view !== 'round'}>
                <RoundPage roundId={keptRoundId} />
              </div>
            )}
            {route.view === 'reader' && (
              <ReaderRoute route={route} />
            )}
          </Layout.Content>
          <Layout.Footer style={{ fontSize: 12, color: '#888', display: route.view === 'reader' ? 'none' : undefined }}>
            {info !== null && (
              <Space split="·" wrap>
                <span>
                  {t('ui.version')} {info.version}
                </span>
                <span>{transport === 'desktop' ? t('ui.transportDesktop') : t('ui.transportWeb')}</span>
                <span>
                  {t('ui.dataDir')}: <Typography.Text code>{info.dataDir}</Typography.Text>
                </span>
                <Typography.Link href="#/about" data-testid="nav-about" style={{ fontSize: 12 }}>
                  {t('about.nav')}
                </Typography.Link>
              </Space>
            )}
          </Layout.Footer>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
