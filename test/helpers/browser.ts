import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { REPO_ROOT } from './webShell';

/** Where end-to-end suites leave screenshots, for people and for CI's artifacts. */
export const E2E_ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');

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

/**
 * Registers, for the running test, a full-page screenshot (and the console problems so
 * far) in test-results/e2e/<name>.png|.txt should it fail: what a reader of CI needs to
 * see what the page looked like.
 */
export function shootOnFailure(page: () => Page | undefined, name: string, problems?: readonly string[]): void {
  onTestFailed(async () => {
    fs.mkdirSync(E2E_ARTIFACTS, { recursive: true });
    await page()
      ?.screenshot({ path: path.join(E2E_ARTIFACTS, `${name}.png`), fullPage: true })
      .catch(() => undefined);
    if (problems !== undefined) fs.writeFileSync(path.join(E2E_ARTIFACTS, `${name}.txt`), problems.join('\n'));
  });
}

/** Drops files onto the element at `selector` as the browser does for a drag from the desktop: one DataTransfer holding them all. */
export async function dropFiles(page: Page, selector: string, files: readonly string[]): Promise<void> {
  const payload = files.map((file) => ({ name: path.basename(file), base64: fs.readFileSync(file).toString('base64') }));
  // A string, run in the page: the tests are type-checked without the DOM's types.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const item of ${JSON.stringify(payload)}) {
      const binary = atob(item.base64);
      transfer.items.add(new File([Uint8Array.from(binary, (c) => c.charCodeAt(0))], item.name, { type: 'application/octet-stream' }));
    }
    return transfer;
  })()`);
  const target = page.locator(selector);
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}
