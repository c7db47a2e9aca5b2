import { describe, expect, it } from 'vitest';
import { errorCodes } from '../contract/errors';
import { roundKinds } from '../domain/round';
import { catalogs } from './catalogs';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const zh = leaves(catalogs['zh-CN'] as unknown as Tree);
const en = leaves(catalogs.en as unknown as Tree);

describe('message catalogs', () => {
  it('have the same keys in zh-CN and en', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('translate every error code and round kind', () => {
    for (const code of errorCodes) {
      expect(zh.get(`errors.${code}`), code).toBeTruthy();
      expect(en.get(`errors.${code}`), code).toBeTruthy();
    }
    for (const kind of roundKinds) expect(zh.get(`roundKind.${kind}`)).toBeTruthy();
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of zh) expect(placeholders(en.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('are actually Chinese in zh-CN', () => {
    expect(zh.get('app.title')).toBe('专家评审');
    const chinese = [...zh.values()].filter((text) => /[\u4e00-\u9fff]/.test(text)).length;
    expect(chinese / zh.size).toBeGreaterThan(0.8);
  });
});
