import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors';
import { drawBoxPlot, drawDivergingBars } from './charts';
import { DocumentBuilder, type DocumentSetup } from './documentBuilder';
import { locateReportFonts } from './fontLocator';
import { bodyText, compareGrey, inkIn, pdfFonts, pdfInfo, pdfPageCount, pdfText, qpdfCheck, renderGrey, squash, writeTemp } from './pdfTestKit';
import { drawQrCode } from './qrCode';
import { drawSignatureLines } from './signatures';
import { drawTable } from './table';
import { PAGE } from './theme';
import { bold, heading, paragraph, regular } from './typeset';

/**
 * The PDF foundation against stock readers: what poppler extracts and renders, what
 * pdffonts says about the embedded fonts, what qpdf says about the structure, and what
 * zbarimg reads from the QR code.
 */

const setup = (overrides: Partial<DocumentSetup> = {}): DocumentSetup => ({
  language: 'zh-CN',
  metadata: { title: '专家评审意见汇总', subject: '基础测试', createdAt: new Date('2025-03-04T05:06:07Z'), producer: 'Panel Review 0.0.0-test' },
  chrome: { header: '专家评审意见汇总', headerRight: '2025年试点城市实施方案评审', pageLabel: (n, total) => `第 ${n} 页 / 共 ${total} 页`, draftMark: null },
  documentKey: 'foundation-test',
  ...overrides,
});

/** Deterministic Chinese prose of any length, from a fixed set of reviewers' sentences. */
function prose(length: number): string {
  const sentences = [
    '该市实施方案目标明确，技术路线清晰，“两化融合”指标量化充分。',
    '建议进一步细化人才培养体系的考核方式，并补充政策保障措施（约42.5%的资金来源尚未落实）。',
    '《实施方案》第五部分的时间安排略显紧张；',
    '专家组认为区域协同创新体系设计合理，可予以支持！',
    '参考GB/T 7714—2015规范修改引用格式……',
  ];
  let text = '';
  for (let index = 0; text.length < length; index += 1) text += sentences[index % sentences.length] ?? '';
  return text.slice(0, length);
}

const LONG_COMMENT = `长评论开始：${prose(5000)}长评论结束。`;
const RARE_NAMES = '王喆 李堃 赵昇 陈珺 刘犇';

async function showcase(): Promise<{ file: string; missing: string[]; bytes: Uint8Array }> {
  const builder = await DocumentBuilder.create(setup());
  builder.newPage();
  heading(builder, '一、评审结果汇总', 1);
  paragraph(builder, [bold('评审专家：'), regular(RARE_NAMES)]);
  drawTable(
    builder,
    [{ header: '排名', width: 40, align: 'center' }, { header: '申报城市', share: 2 }, { header: '得分', width: 56, align: 'right' }, { header: '意见摘要', share: 3 }],
    Array.from({ length: 60 }, (_, index) => [String(index + 1), `试点城市${index + 1}`, (95 - index * 0.5).toFixed(2), index === 30 ? prose(900) : '同意 3 · 修改后同意 1']),
  );
  heading(builder, '二、专家意见', 1);
  paragraph(builder, LONG_COMMENT, { indent: 2 });
  drawBoxPlot(builder, [{ label: '苏州', values: [80, 85, 90] }, { label: '宁波', values: [70] }, { label: '无数据', values: [] }], { axisLabel: '专家总分' });
  drawDivergingBars(builder, [{ label: '王喆', value: 2.5 }, { label: '李堃', value: -2.5 }, { label: '赵昇', value: null }], { axisLabel: '宽严度', format: (value) => value.toFixed(1) });
  builder.ensureRoom(150);
  drawQrCode(builder.page, HASH, { x: builder.frame.left, y: builder.y - 140, size: 140 });
  builder.y -= 150;
  drawSignatureLines(builder, [{ role: '评审组长', name: '欧阳明' }], { signature: '签字：', date: '日期：' });
  paragraph(builder, '缺字测试：😀\uE000结束');
  const rendered = await builder.finish();
  return { file: writeTemp(rendered.bytes), missing: rendered.missingCharacters, bytes: rendered.bytes };
}

const HASH = '8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4';

describe('a document built on the foundation', async () => {
  const { file, missing, bytes } = await showcase();

  it('embeds both weights as subsets with a ToUnicode map (pdffonts: emb yes, sub yes, uni yes)', () => {
    const fonts = pdfFonts(file);
    // A weight can appear twice: CJK punctuation full width, and proportional for Latin runs.
    expect(new Set(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')))).toEqual(new Set(['NotoSansSC-Bold', 'NotoSansSC-Regular']));
    expect(new Set(fonts.map((font) => font.name)).size).toBe(fonts.length);
    for (const font of fonts) {
      expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });
      expect(font.name).toMatch(/^[A-Z]{6}\+/);
      expect(font.type).toBe('CID TrueType');
    }
  });

  it('gives every string back through pdftotext -raw, in order, including a 5000-character comment across pages', () => {
    const text = bodyText(file, setup().chrome);
    let from = 0;
    for (const expected of ['一、评审结果汇总', `评审专家：${RARE_NAMES}`, '排名申报城市得分意见摘要', '试点城市60', '二、专家意见', LONG_COMMENT, '苏州', '宁波', '评审组长欧阳明签字：日期：']) {
      const at = text.indexOf(squash(expected), from);
      expect(at, expected.slice(0, 30)).toBeGreaterThanOrEqual(0);
      from = at + squash(expected).length;
    }
    expect(pdfPageCount(file)).toBeGreaterThan(4);
  });

  it('repeats the table header on every page the table reaches', () => {
    const pagesWithRows = [1, 2, 3].filter((page) => /试点城市\d+/.test(pdfText(file, { first: page, last: page })));
    expect(pagesWithRows.length).toBeGreaterThan(1);
    for (const page of pagesWithRows) expect(squash(pdfText(file, { first: page, last: page }))).toContain('排名申报城市得分意见摘要');
  });

  it('names a split row again where it goes on, from a cell’s `continued`', async () => {
    const builder = await DocumentBuilder.create(setup());
    builder.newPage();
    drawTable(
      builder,
      [{ header: '评分项', width: 90 }, { header: '评语', share: 1 }],
      [[{ text: '新型制造业体系', continued: '新型制造业体系（续）' }, prose(6000)]],
    );
    const split = writeTemp((await builder.finish()).bytes, 'split.pdf');
    expect(pdfPageCount(split)).toBeGreaterThanOrEqual(3);
    expect(squash(pdfText(split, { first: 1, last: 1 }))).not.toContain('（续）');
    for (const page of [2, 3]) expect(squash(pdfText(split, { first: page, last: page })), `page ${page}`).toContain('评分项评语新型制造业体系（续）');
  });

  it('numbers pages 第 x 页 / 共 y 页', () => {
    const pages = pdfPageCount(file);
    expect(pdfText(file, { first: pages, last: pages })).toContain(`第 ${pages} 页 / 共 ${pages} 页`);
  });

  it('reports characters the font lacks instead of failing', () => {
    expect(missing).toEqual(['😀', '\uE000']);
  });

  it('passes qpdf --check and renders without poppler warnings', () => {
    const check = qpdfCheck(file);
    expect(check.ok, check.output).toBe(true);
    expect(renderGrey(file, 1, 30).warnings).toBe('');
  });

  it('draws a QR code that zbarimg reads back as the text', () => {
    const pages = pdfPageCount(file);
    const dir = path.dirname(file);
    const image = path.join(dir, 'qr');
    spawnSync('pdftoppm', ['-r', '150', '-png', '-singlefile', '-f', String(pages), '-l', String(pages), file, image]);
    const decoded = spawnSync('zbarimg', ['-q', '--raw', `${image}.png`], { encoding: 'utf8' });
    expect(decoded.stdout.trim()).toBe(HASH);
  });

  it('is the same bytes when built again from the same input, with the metadata given', async () => {
    const again = await showcase();
    expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
    const info = pdfInfo(file);
    expect(info.Title).toBe('专家评审意见汇总');
    expect(info.Producer).toBe('Panel Review 0.0.0-test');
    expect(info.CreationDate).toMatch(/^2025-03-04T05:06:07/);
    expect(info['Page size']).toContain('595.28 x 841.89');
  });
});

describe('small subsets', () => {
  /**
   * The regression guard for Hopding/pdf-lib#1232: @pdf-lib/fontkit's subsetter blanks
   * CJK glyphs when a subset holds only a few characters. One large glyph per cell, each
   * cell must have ink; digits too (the full-font embedder mis-maps them).
   */
  it('draws every glyph of a document with only a few distinct characters', async () => {
    const cells = ['评', '审', '汇', '总', '0', '7', '9', '喆'];
    const size = 40;
    const builder = await DocumentBuilder.create(setup({ chrome: { header: '', pageLabel: () => '', draftMark: null }, documentKey: 'few' }));
    builder.newPage({ chrome: false });
    cells.forEach((char, index) => builder.drawText(char, { x: 60 + index * 60, y: 600, size, weight: index % 2 === 0 ? 'regular' : 'bold' }));
    const { bytes } = await builder.finish();
    const file = writeTemp(bytes);
    const dpi = 72; // one pixel per point
    const image = renderGrey(file, 1, dpi);
    expect(image.warnings).toBe('');
    cells.forEach((char, index) => {
      const box = { x: 60 + index * 60, y: PAGE.height - 600 - size * 0.9, width: size, height: size * 1.05 };
      expect(inkIn(image, box), `glyph ${char}`).toBeGreaterThan(40);
    });
    expect(squash(pdfText(file))).toBe(cells.join(''));
  });

  it('renders the same glyphs whatever else the subset holds', async () => {
    const render = async (extra: string) => {
      const builder = await DocumentBuilder.create(setup({ chrome: { header: '', pageLabel: () => '', draftMark: null }, documentKey: extra }));
      builder.newPage({ chrome: false });
      builder.drawText('专家评审', { x: 60, y: 600, size: 36 });
      if (extra !== '') builder.drawText(extra, { x: 60, y: 300, size: 10 });
      return renderGrey(writeTemp((await builder.finish()).bytes), 1, 72);
    };
    const alone = await render('');
    const among = await render(prose(600));
    // Compare only the band of the title: the rest of the page differs on purpose.
    const band = (image: { width: number; height: number; pixels: Uint8Array }) => ({ width: image.width, height: 60, pixels: image.pixels.subarray(image.width * 200, image.width * 260) });
    expect(compareGrey(band(alone), band(among)).differing).toBe(0);
  });
});

describe('the font locator', () => {
  it('finds the shipped font files from source (node_modules) with their licence', () => {
    const paths = locateReportFonts();
    for (const file of Object.values(paths)) expect(fs.existsSync(file), file).toBe(true);
    expect(fs.readFileSync(paths.license, 'utf8')).toContain('SIL Open Font License');
  });

  it('fails with REPORT_FONT_MISSING naming where it looked', () => {
    try {
      locateReportFonts(['/nonexistent/fonts']);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('REPORT_FONT_MISSING');
      expect(isAppError(error) && error.details).toEqual({ paths: '/nonexistent/fonts' });
    }
  });
});
