import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { launchChromium, openAppPage, shootOnFailure } from '../helpers/browser';
import { REPO_ROOT, type WebShellProcess, spawnWebShell, tempDataDir } from '../helpers/webShell';

/**
 * The About view through the web shell in Chromium: version, build commit, data
 * directory and key fingerprint, and the licence table generated at build time.
 */

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const WAIT = { timeout: 30_000 } as const;

let browser: Browser;
let shell: WebShellProcess;
let page: Page;
let dataDir: string;
const problems: string[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  shell = await spawnWebShell({ dataDir });
  browser = await launchChromium();
  page = await openAppPage(browser, shell.url, problems, { viewport: { width: 1280, height: 900 }, timeoutMs: WAIT.timeout });
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
});

const failureShot = (name: string): void => shootOnFailure(() => page, `failed-about-${name}`);

/** The licence table's rows as [name, version, licence]. */
async function licenceRows(): Promise<string[][]> {
  const rows = page.getByTestId('about-licenses').locator('tbody tr.ant-table-row');
  return (await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))).map((cells) => cells.slice(0, 3));
}

describe('About', () => {
  it('opens from the footer link and shows version, commit, build date, data directory and "no identity yet"', async () => {
    failureShot('facts');
    await page.getByTestId('nav-about').click();
    await expect.poll(() => new URL(page.url()).hash, WAIT).toBe('#/about');
    await expect.poll(() => page.getByTestId('about-version').textContent(), WAIT).toBe(pkg.version);
    const commit = (await page.getByTestId('about-commit').textContent()) ?? '';
    // A checkout builds with its commit; only a build outside git says "unknown" (未知).
    expect(commit).toMatch(/^([0-9a-f]{7,40}|未知)$/);
    expect(await page.getByTestId('about-built-at').textContent()).not.toBe('未知');
    expect(await page.getByTestId('about-data-dir').textContent()).toBe(dataDir);
    expect(await page.getByTestId('about-fingerprint').textContent()).toBe('尚未创建');
  });

  it('lists the bundled components with their licences, and filters them', async () => {
    failureShot('licences');
    const search = page.getByTestId('about-licenses-search').locator('input');
    const expected: Record<string, string> = { react: 'MIT', antd: 'MIT', 'pdfjs-dist': 'Apache-2.0', 'better-sqlite3': 'MIT' };
    for (const [name, licence] of Object.entries(expected)) {
      await search.fill(name);
      await expect.poll(async () => (await licenceRows()).find((row) => row[0] === name), WAIT).toBeDefined();
      const row = (await licenceRows()).find((r) => r[0] === name) ?? [];
      expect(row[2]).toBe(licence);
      expect(row[1]).toMatch(/^\d+\.\d+\.\d+/);
    }
    // Filtering by licence too: every row shown says Apache-2.0.
    await search.fill('apache');
    await expect.poll(async () => (await licenceRows()).length, WAIT).toBeGreaterThan(0);
    for (const row of await licenceRows()) expect(row[2]).toMatch(/apache/i);
    await search.fill('');
    await expect.poll(async () => (await licenceRows()).length, WAIT).toBe(20);
    await page.screenshot({ path: path.join(ARTIFACTS, 'about-zh-CN.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
