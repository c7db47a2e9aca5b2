import { describe, expect, it } from 'vitest';
import { columnWidth, displayWidth, headerFooterText, numberFormat, sheetName } from './xlsxLayout';

describe('sheetName', () => {
  it('replaces what Excel refuses with full-width forms, keeps 31 units, and de-duplicates case-insensitively', () => {
    const taken = new Set<string>();
    expect(sheetName('目标/任务[核心]:*?\\', taken)).toBe('目标／任务［核心］：＊？＼');
    expect(sheetName('目标/任务[核心]:*?\\', taken)).toBe('目标／任务［核心］：＊？＼(2)');
    expect(sheetName('Summary', taken)).toBe('Summary');
    expect(sheetName('SUMMARY', taken)).toBe('SUMMARY(2)');
    const long = sheetName('很'.repeat(40), taken);
    expect(long).toBe('很'.repeat(31));
    expect(sheetName('很'.repeat(40), taken)).toBe(`${'很'.repeat(28)}(2)`);
  });

  it('never starts or ends with an apostrophe, is never empty, never "History", never splits a surrogate pair', () => {
    const taken = new Set<string>();
    expect(sheetName("'引号'", taken)).toBe('’引号’');
    expect(sheetName('  ', taken)).toBe('Sheet');
    expect(sheetName('history', taken)).toBe('history_');
    expect(sheetName(`${'a'.repeat(30)}𠀀`, taken)).toBe('a'.repeat(30));
  });
});

describe('widths and formats', () => {
  it('counts Han characters and full-width forms as two', () => {
    expect(displayWidth('宁波市')).toBe(6);
    expect(displayWidth('SHA-256')).toBe(7);
    expect(displayWidth('（并列）')).toBe(8);
    expect(displayWidth('𠀀')).toBe(2);
  });

  it('fits the widest cell, wraps long headers, and caps at a readable width', () => {
    expect(columnWidth({ key: 'city', header: '城市', format: 'text' }, ['长株潭城市群', null])).toBe(14);
    expect(columnWidth({ key: 'official', header: '正式得分（去掉最高最低分后的平均分）', format: 'aggregate' }, [33.5])).toBe(18);
    expect(columnWidth({ key: 'x', header: 'x', format: 'text' }, ['长'.repeat(100)])).toBe(50);
    expect(columnWidth({ key: 'note', header: '意见', format: 'wrap' }, ['长'.repeat(100)])).toBe(60);
  });

  it('number formats follow the step', () => {
    expect(numberFormat('score', 0)).toBe('0');
    expect(numberFormat('score', 1)).toBe('0.0');
    expect(numberFormat('score', 2)).toBe('0.00');
    expect(numberFormat('aggregate')).toBe('0.00');
    expect(numberFormat('text')).toBeUndefined();
  });

  it('doubles & in header and footer text, where it starts a code', () => {
    expect(headerFooterText('研发 & 创新')).toBe('研发 && 创新');
  });
});
