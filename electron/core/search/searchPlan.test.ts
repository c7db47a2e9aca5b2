import { describe, expect, it } from 'vitest';
import { makeSnippet, normalizeQuery, planSearch } from './searchPlan';

describe('planSearch', () => {
  it('looks up terms of three or more characters in the trigram index, quoted', () => {
    expect(planSearch('两化融合')).toEqual({ match: '"两化融合"', likes: [], substrings: [], terms: ['两化融合'] });
    expect(planSearch('区域协同 创新体系')).toEqual({ match: '"区域协同" AND "创新体系"', likes: [], substrings: [], terms: ['区域协同', '创新体系'] });
  });

  it('matches one- and two-character terms without the index, since trigram cannot', () => {
    // Chinese has no case: a plain substring test. Latin letters match case-insensitively by LIKE.
    expect(planSearch('人才')).toEqual({ match: null, likes: [], substrings: ['人才'], terms: ['人才'] });
    expect(planSearch('质量效益 两化')).toEqual({ match: '"质量效益"', likes: [], substrings: ['两化'], terms: ['质量效益', '两化'] });
    expect(planSearch('AI 图')).toEqual({ match: null, likes: ['%AI%'], substrings: ['图'], terms: ['AI', '图'] });
  });

  it('never passes FTS5 syntax or LIKE wildcards through', () => {
    expect(planSearch('a"b OR c* NEAR(x)').match).toBe('"a""b" AND "NEAR(x)"');
    expect(planSearch('a"b OR c* NEAR(x)').likes).toEqual(['%OR%', '%c*%']);
    expect(planSearch('x% a_b').likes).toEqual(['%x\\%%']);
    expect(planSearch('x% a_b').match).toBe('"a_b"');
    expect(planSearch('x\\').likes).toEqual(['%x\\\\%']);
    // A substring test has no wildcards at all: % stays a percent sign.
    expect(planSearch('5%').substrings).toEqual(['5%']);
  });

  it('treats any white space as a term separator and drops repeats', () => {
    expect(normalizeQuery('  两化\n融合  ')).toBe('两化 融合');
    expect(planSearch('两化\t融合').substrings).toEqual(['两化', '融合']);
    expect(normalizeQuery('TeX 课程')).toBe('TeX 课程');
    expect(planSearch('人才 人才').terms).toEqual(['人才']);
    expect(planSearch('   ').terms).toEqual([]);
  });
});

describe('makeSnippet', () => {
  it('centres on the first hit and marks every term', () => {
    const text = `${'前'.repeat(100)}推进两化融合，提升质量效益${'后'.repeat(100)}`;
    const { snippet, highlights } = makeSnippet(text, ['两化融合', '质量效益']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    const marked = highlights.map(([start, end]) => snippet.slice(start, end));
    expect(marked).toEqual(['两化融合', '质量效益']);
  });

  it('is case-insensitive like the index and handles text without a hit', () => {
    const { snippet, highlights } = makeSnippet('The TeX course', ['tex']);
    expect(highlights.map(([s, e]) => snippet.slice(s, e))).toEqual(['TeX']);
    expect(makeSnippet('无关内容', ['两化融合'])).toEqual({ snippet: '无关内容', highlights: [] });
  });
});
