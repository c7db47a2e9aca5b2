import { type Browser, type Page, chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless, as the end-to-end suites drive it. Without the
 * background-networking flags it keeps dialling Google's hosts, which this network
 * refuses; --no-sandbox because CI runs as root.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface AppPageOptions {
  viewport: { width: number; height: number };
  /** Playwright's default timeout for the page's waits. */
  timeoutMs: number;
  acceptDownloads?: boolean;
}

/**
 * A new zh-CN page at `url` (the web shell's launch link) whose console errors and page
 * errors are appended to `problems`, for a suite's final "no errors along the way" check.
 */
export async function openAppPage(browser: Browser, url: string, problems: string[], options: AppPageOptions): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: options.viewport, acceptDownloads: options.acceptDownloads ?? false });
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeoutMs);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return page;
}
