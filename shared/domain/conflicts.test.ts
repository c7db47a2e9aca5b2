import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApplicationPlace, conflictBetween, conflictFlags, type ExpertPlace, normaliseOrganisation, normalisePlace } from './conflicts';

const expert = (fields: Partial<ExpertPlace>): ExpertPlace => ({ fingerprint: 'SHA256:e', city: null, province: null, affiliation: null, ...fields });
const application = (fields: Partial<ApplicationPlace>): ApplicationPlace => ({ id: 'app0000001', city: null, province: null, applicant: null, ...fields });

describe('normalisePlace', () => {
  it.each([
    ['宁波市', '宁波'],
    ['宁波', '宁波'],
    [' 宁波市 ', '宁波'],
    ['宁　波　市', '宁波'], // full-width spaces
    ['浙江省', '浙江'],
    ['浙江', '浙江'],
    ['北京市', '北京'],
    ['重庆市', '重庆'],
    ['内蒙古自治区', '内蒙古'],
    ['广西壮族自治区', '广西'],
    ['宁夏回族自治区', '宁夏'],
    ['新疆维吾尔自治区', '新疆'],
    ['西藏自治区', '西藏'],
    ['香港特别行政区', '香港'],
    ['澳门特别行政区', '澳门'],
    ['延边朝鲜族自治州', '延边'],
    ['恩施土家族苗族自治州', '恩施'],
    ['黔东南苗族侗族自治州', '黔东南'],
    ['黔西南布依族苗族自治州', '黔西南'],
    ['西双版纳傣族自治州', '西双版纳'],
    ['海西蒙古族藏族自治州', '海西'],
    ['阿坝藏族羌族自治州', '阿坝'],
    ['伊犁哈萨克自治州', '伊犁'], // officially without 族
    ['巴音郭楞蒙古自治州', '巴音郭楞'],
    ['克孜勒苏柯尔克孜自治州', '克孜勒苏'],
    ['怒江傈僳族自治州', '怒江'], // 怒 is also an ethnic group's name
    ['红河哈尼族彝族自治州', '红河'],
    ['阿里地区', '阿里'],
    ['津市市', '津市'], // a county-level city whose name ends in 市
    ['津市', '津市'],
    ['沙市', '沙市'], // one character would be left: kept whole
    ['朝阳区', '朝阳区'], // districts keep their suffix: 朝阳区 is not 朝阳市
    ['长兴县', '长兴县'],
    ['Ningbo', 'ningbo'],
    ['ＮＩＮＧＢＯ', 'ningbo'], // full-width letters
    ['', null],
    ['   ', null],
  ])('%s → %s', (name, expected) => {
    expect(normalisePlace(name)).toBe(expected);
  });

  it('gives null for null', () => {
    expect(normalisePlace(null)).toBeNull();
  });

  it('is idempotent on whatever it returns, and ignores surrounding space and width', () => {
    const hanzi = fc.string({ unit: fc.constantFrom(...'宁波浙江省市北京自治区族苗侗州特别行政地沙朝阳县'.split('')), maxLength: 8 });
    fc.assert(
      fc.property(hanzi, fc.constantFrom('', ' ', '\u3000', '\t'), (name, pad) => {
        const once = normalisePlace(name);
        expect(normalisePlace(`${pad}${name}${pad}`)).toBe(once);
        if (once !== null) expect(normalisePlace(once)).toBe(normalisePlace(once));
      }),
    );
  });
});

describe('normaliseOrganisation', () => {
  it('removes spelling differences only', () => {
    expect(normaliseOrganisation(' 宁波市 人民政府 ')).toBe('宁波市人民政府');
    expect(normaliseOrganisation('中国工程院（战略咨询中心）')).toBe(normaliseOrganisation('中国工程院(战略咨询中心)'));
    expect(normaliseOrganisation('Tongji University')).toBe(normaliseOrganisation('TONGJI  UNIVERSITY'));
    expect(normaliseOrganisation('宁波市人民政府')).not.toBe(normaliseOrganisation('宁波市经济和信息化局'));
    expect(normaliseOrganisation('')).toBeNull();
  });
});

describe('conflictBetween', () => {
  it('flags the same city, however it is written', () => {
    expect(conflictBetween(expert({ city: '宁波市' }), application({ city: '宁波' }))).toEqual({ bases: ['city'], matched: ['宁波市'] });
    expect(conflictBetween(expert({ city: '成都' }), application({ city: ' 成都市' })).bases).toEqual(['city']);
    expect(conflictBetween(expert({ city: '延边' }), application({ city: '延边朝鲜族自治州' })).bases).toEqual(['city']);
  });

  it('flags the same province, however it is written', () => {
    expect(conflictBetween(expert({ city: '杭州市', province: '浙江' }), application({ city: '宁波市', province: '浙江省' }))).toEqual({
      bases: ['province'],
      matched: ['浙江'],
    });
    expect(conflictBetween(expert({ province: '广西壮族自治区' }), application({ province: '广西' })).bases).toEqual(['province']);
    expect(conflictBetween(expert({ province: '新疆' }), application({ province: '新疆维吾尔自治区' })).bases).toEqual(['province']);
    expect(conflictBetween(expert({ province: '内蒙古' }), application({ province: '内蒙古自治区' })).bases).toEqual(['province']);
  });

  it('flags city and province together, and the applicant when the affiliation is the same organisation', () => {
    const result = conflictBetween(
      expert({ city: '宁波市', province: '浙江省', affiliation: '宁波市经济和信息化局' }),
      application({ city: '宁波', province: '浙江', applicant: ' 宁波市经济和信息化局' }),
    );
    expect(result).toEqual({ bases: ['city', 'province', 'affiliation'], matched: ['宁波市', '浙江省', '宁波市经济和信息化局'] });
  });

  it('does not take one organisation of a city for another', () => {
    expect(conflictBetween(expert({ affiliation: '宁波市人民政府' }), application({ applicant: '宁波市经济和信息化局' })).bases).toEqual([]);
    expect(conflictBetween(expert({ affiliation: '中国工程院' }), application({ applicant: '中国工程院院士咨询委员会' })).bases).toEqual([]);
  });

  it('does not compare an affiliation with a place, nor a city with a province of the same name', () => {
    expect(conflictBetween(expert({ affiliation: '宁波市' }), application({ city: '宁波市' })).bases).toEqual([]);
    // 吉林市 lies in 吉林省, but an expert there is not in every city of the province.
    expect(conflictBetween(expert({ city: '吉林市' }), application({ province: '吉林省', city: '长春市' })).bases).toEqual([]);
    expect(conflictBetween(expert({ province: '海南省' }), application({ city: '海南藏族自治州', province: '青海省' })).bases).toEqual([]);
  });

  it('treats a province-level city as both a city and a province', () => {
    expect(conflictBetween(expert({ province: '北京' }), application({ city: '北京市' })).bases).toEqual(['city', 'province']);
    expect(conflictBetween(expert({ city: '上海市' }), application({ province: '上海' })).bases).toEqual(['city', 'province']);
    expect(conflictBetween(expert({ city: '重庆' }), application({ city: '重庆市', province: '重庆市' })).bases).toEqual(['city', 'province']);
    expect(conflictBetween(expert({ city: '香港' }), application({ province: '香港特别行政区' })).matched).toEqual(['香港', '香港']);
  });

  it('flags nothing that is not recorded', () => {
    expect(conflictBetween(expert({}), application({}))).toEqual({ bases: [], matched: [] });
    expect(conflictBetween(expert({ city: '宁波市' }), application({}))).toEqual({ bases: [], matched: [] });
    expect(conflictBetween(expert({ city: '  ' }), application({ city: ' ' })).bases).toEqual([]);
  });

  it.each([
    ['苏州市', '江苏省', '苏州', '江苏', ['city', 'province']],
    ['无锡市', '江苏省', '苏州市', '江苏省', ['province']],
    ['泉州', '福建', '泉州市', '福建省', ['city', 'province']],
    ['厦门市', '福建省', '泉州市', '福建省', ['province']],
    ['深圳市', '广东省', '东莞市', '广东省', ['province']],
    ['长沙市', '湖南省', '株洲市', '湖南省', ['province']],
    ['长沙市', '湖南省', '武汉市', '湖北省', []],
    ['沈阳市', '辽宁省', '沈阳', '辽宁', ['city', 'province']],
    ['南宁市', '广西壮族自治区', '柳州市', '广西', ['province']],
    ['银川市', '宁夏回族自治区', '吴忠市', '宁夏', ['province']],
    ['乌鲁木齐市', '新疆维吾尔自治区', '乌鲁木齐', '新疆', ['city', 'province']],
    ['呼和浩特市', '内蒙古自治区', '包头市', '内蒙古', ['province']],
    ['恩施市', '湖北省', '恩施土家族苗族自治州', '湖北省', ['city', 'province']],
    ['天津市', null, '天津', '天津', ['city', 'province']],
    ['天津市', null, '北京市', '北京市', []],
  ] as const)('expert in %s, %s — application from %s, %s', (city, province, appCity, appProvince, bases) => {
    expect(conflictBetween(expert({ city, province }), application({ city: appCity, province: appProvince })).bases).toEqual(bases);
  });

  it('is symmetric in the places and never flags an empty side', () => {
    const place = fc.option(fc.constantFrom('宁波市', '宁波', '浙江省', '浙江', '北京', '北京市', '上海市', '吉林市', '吉林省', '成都', '四川省', ' '), { nil: null });
    fc.assert(
      fc.property(place, place, place, place, (c1, p1, c2, p2) => {
        const forward = conflictBetween(expert({ city: c1, province: p1 }), application({ city: c2, province: p2 })).bases;
        const backward = conflictBetween(expert({ city: c2, province: p2 }), application({ city: c1, province: p1 })).bases;
        expect(forward).toEqual(backward);
        if ((c1 ?? '').trim() === '' && (p1 ?? '').trim() === '') expect(forward).toEqual([]);
      }),
    );
  });
});

describe('conflictFlags', () => {
  it('lists flagged pairs in the order of experts, then of applications', () => {
    const experts = [
      expert({ fingerprint: 'SHA256:a', city: '宁波市', province: '浙江省' }),
      expert({ fingerprint: 'SHA256:b', affiliation: '泉州市工业和信息化局' }),
      expert({ fingerprint: 'SHA256:c', city: '成都市', province: '四川省' }),
    ];
    const applications = [
      application({ id: 'app0000001', city: '宁波', province: '浙江' }),
      application({ id: 'app0000002', city: '泉州市', province: '福建省', applicant: '泉州市工业和信息化局' }),
      application({ id: 'app0000003', city: '温州市', province: '浙江省' }),
    ];
    expect(conflictFlags(experts, applications).map((flag) => [flag.fingerprint, flag.applicationId, flag.bases.join('+')])).toEqual([
      ['SHA256:a', 'app0000001', 'city+province'],
      ['SHA256:a', 'app0000003', 'province'],
      ['SHA256:b', 'app0000002', 'affiliation'],
    ]);
  });
});
