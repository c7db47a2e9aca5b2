import { describe, expect, it } from 'vitest';
import { expertsOf, totalsMatrix } from './matrix';

describe('totalsMatrix', () => {
  it('groups totals by application, then expert, in the order given', () => {
    const matrix = totalsMatrix([
      { applicationId: 'a', expertId: 'y', total: 80 },
      { applicationId: 'b', expertId: 'x', total: 70.5 },
      { applicationId: 'a', expertId: 'x', total: 90 },
    ]);
    expect([...matrix.keys()]).toEqual(['a', 'b']);
    expect([...(matrix.get('a') ?? [])]).toEqual([
      ['y', 80],
      ['x', 90],
    ]);
    expect(expertsOf(matrix)).toEqual(['y', 'x']);
  });

  it('keeps any id as a key, prototype names included', () => {
    const matrix = totalsMatrix([{ applicationId: '__proto__', expertId: 'constructor', total: 1 }]);
    expect(matrix.get('__proto__')?.get('constructor')).toBe(1);
  });

  it('refuses two totals of one expert for one application, and non-finite totals', () => {
    expect(() =>
      totalsMatrix([
        { applicationId: 'a', expertId: 'x', total: 1 },
        { applicationId: 'a', expertId: 'x', total: 2 },
      ]),
    ).toThrow(RangeError);
    expect(() => totalsMatrix([{ applicationId: 'a', expertId: 'x', total: Infinity }])).toThrow(RangeError);
  });
});
