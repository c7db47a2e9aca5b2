import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure';
import { extractPages, normalizePageText } from './extractText';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const corpus = (file: string): string => path.resolve(repoRoot, '../shared/corpus', file);

const han = (text: string): number => text.match(/\p{Script=Han}/gu)?.length ?? 0;

/** All pages of a file, as extractPages hands them over. */
async function allPages(file: string, options: { password?: string } = {}): Promise<string[]> {
  const pages: string[] = [];
  const result = await extractPages(corpus(file), {
    ...options,
    onPage: (page, text) => {
      expect(page).toBe(pages.length + 1);
      pages.push(text);
    },
  });
  expect(result.pages).toBe(pages.length);
  return pages;
}


describe('extractPages: Chinese text', () => {
  let lshort: string[] = [];
  beforeAll(async () => {
    lshort = await allPages('cjk-lshort-zh-cn.pdf');
  });

  it('gets the Chinese out of CID fonts without ToUnicode (needs the Adobe-GB1 CMaps)', () => {
    expect(lshort).toHaveLength(139);
    // pdf.js finds 43,307 with CMaps and 0 without.
    expect(han(lshort.join(''))).toBeGreaterThan(40_000);
  });

  it('joins phrases broken across lines, on the page they are on', () => {
    // pdftotext -f 25 -l 25: "…行末的换行符" / "也不引入空格。" on two lines.
    const phrase = '行末的换行符也不引入空格';
    expect(lshort[24]).toContain(phrase);
    expect(lshort.findIndex((text) => text.includes(phrase))).toBe(24);
    // Page 40: "比如以下两种" / "写法是等效的".
    expect(lshort[39]).toContain('比如以下两种写法是等效的');
  });

  it('resumes at fromPage with the same text', async () => {
    const seen: [number, string][] = [];
    const result = await extractPages(corpus('cjk-lshort-zh-cn.pdf'), {
      fromPage: 138,
      onPage: (page, text) => void seen.push([page, text]),
    });
    expect(result).toEqual({ pages: 139 });
    expect(seen).toEqual([
      [138, lshort[137]],
      [139, lshort[138]],
    ]);
  });

  it('reads Traditional Chinese from Adobe-CNS1 fonts without ToUnicode', async () => {
    const [page] = await allPages('cjk-cns1-prospectus.pdf');
    expect(han(page ?? '')).toBeGreaterThan(1_000);
    // pdftotext prints this spaced out ("本 集 團 現 金 …"); normalised it is one phrase.
    expect(page).toContain('本集團現金客戶須於交易日後兩個營業日');
    expect(page).toContain('保證金融資風險');
  });

  it('reads the same page after a junk prefix', async () => {
    const [page] = await allPages('junk-prefix.pdf');
    expect(page).toContain('保證金融資風險');
  });

  it('reads Simplified Chinese from embedded CID TrueType fonts', async () => {
    const pages = await allPages('cjk-ctex.pdf');
    expect(pages).toHaveLength(175);
    expect(han(pages.join(''))).toBeGreaterThan(25_000);
    expect(pages[9]).toContain('选择文章的排版方案');
  });

  it('reads an encrypted file with its password', async () => {
    const pages = await allPages('encrypted-aes256-user.pdf', { password: 'secret' });
    expect(pages).toHaveLength(26);
    expect(han(pages.join(''))).toBeGreaterThan(10_000);
    const error = await failure(extractPages(corpus('encrypted-aes256-user.pdf'), { onPage: () => undefined }));
    expect(error.code).toBe('PDF_PASSWORD_REQUIRED');
  });
});

describe('extractPages: image-only files', () => {
  it.each([
    ['scan-cjk.pdf', 3],
    ['image-only-incgraph.pdf', 4],
  ])('%s gives %i empty pages, no error', async (file, count) => {
    const pages = await allPages(file);
    expect(pages).toEqual(Array.from({ length: count }, () => ''));
  });
});

describe('extractPages: control', () => {
  it('goes on seamlessly where it reopens a long document (every 500 pages, to bound memory)', async () => {
    const controller = new AbortController();
    const seen: [number, string][] = [];
    const error = await failure(
      extractPages(corpus('large-r-fullrefman.pdf'), {
        signal: controller.signal,
        onPage: (page, text) => {
          seen.push([page, text]);
          if (page === 502) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(seen.map(([page]) => page)).toEqual(Array.from({ length: 502 }, (_, i) => i + 1));
    // The same pages read from one document opened at page 500.
    const again = new AbortController();
    const resumed: [number, string][] = [];
    await extractPages(corpus('large-r-fullrefman.pdf'), {
      fromPage: 500,
      signal: again.signal,
      onPage: (page, text) => {
        resumed.push([page, text]);
        if (page === 502) again.abort();
      },
    }).catch(() => undefined);
    expect(resumed).toEqual(seen.slice(499));
    expect(resumed.every(([, text]) => text.length > 100)).toBe(true);
  });

  it('does nothing past the last page, and refuses a fromPage below 1', async () => {
    const seen: number[] = [];
    expect(await extractPages(corpus('scan-cjk.pdf'), { fromPage: 9, onPage: (page) => void seen.push(page) })).toEqual({ pages: 3 });
    expect(seen).toEqual([]);
    expect((await failure(extractPages(corpus('scan-cjk.pdf'), { fromPage: 0, onPage: () => undefined }))).code).toBe('INVALID_INPUT');
  });

  it('awaits an async onPage before the next page', async () => {
    const events: string[] = [];
    await extractPages(corpus('image-only-incgraph.pdf'), {
      onPage: async (page) => {
        events.push(`start ${page}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${page}`);
      },
    });
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
  });

  it('stops with CANCELLED when the signal aborts mid-document, and hands over no page after that', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await failure(
      extractPages(corpus('large-r-fullrefman.pdf'), {
        signal: controller.signal,
        onPage: (page) => {
          seen.push(page);
          if (page === 5) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('aborts promptly while pdf.js is inside a page, not only between pages', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const started = performance.now();
    setTimeout(() => controller.abort(), 150);
    const error = await failure(
      extractPages(corpus('large-r-fullrefman.pdf'), { signal: controller.signal, onPage: (page) => void seen.push(page) }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(seen.length).toBeLessThan(100);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('is CANCELLED before opening when the signal is already aborted', async () => {
    const error = await failure(extractPages(corpus('scan-cjk.pdf'), { signal: AbortSignal.abort(), onPage: () => undefined }));
    expect(error.code).toBe('CANCELLED');
  });

  describe('a file with one unreadable page', () => {
    let dir = '';
    let file = '';
    beforeAll(() => {
      // Blanking the last 10 % of this file breaks page 4's content stream; pages 1–3 are intact.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-'));
      const bytes = fs.readFileSync(corpus('image-only-incgraph.pdf'));
      bytes.fill(0x20, Math.floor(bytes.length * 0.89), Math.floor(bytes.length * 0.99));
      file = path.join(dir, 'holes.pdf');
      fs.writeFileSync(file, bytes);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('hands over the pages before it, then fails with PDF_DAMAGED naming the page', async () => {
      const seen: number[] = [];
      const error = await failure(extractPages(file, { displayName: '申报书.pdf', onPage: (page) => void seen.push(page) }));
      expect(seen).toEqual([1, 2, 3]);
      expect(error.code).toBe('PDF_DAMAGED');
      expect(error.details).toMatchObject({ file: '申报书.pdf', page: 4, reason: expect.stringMatching(/^page 4: /) });
    });
  });
});

describe('normalizePageText', () => {
  it.each([
    ['两化\n融合', '两化融合'],
    ['两化 \n  融合', '两化融合'],
    ['中国制造\u3000 2025', '中国制造 2025'],
    ['本 集 團 現 金', '本集團現金'],
    ['试点城市，\n实施方案。', '试点城市，实施方案。'],
    ['「実施」\nカタカナ', '「実施」カタカナ'],
    ['LaTeX\nis   fun', 'LaTeX\nis fun'],
    ['使用 LaTeX 排版', '使用 LaTeX 排版'],
    ['  line one  \n\n\n  line two \t ', 'line one\nline two'],
    ['a\r\nb\rc', 'a\nb\nc'],
    ['한국어 문장\n입니다', '한국어 문장\n입니다'],
    ['x\u0000y\u0007z', 'xyz'],
    ['', ''],
    [' \n\t ', ''],
  ])('%j → %j', (input, output) => {
    expect(normalizePageText(input)).toBe(output);
  });
});
