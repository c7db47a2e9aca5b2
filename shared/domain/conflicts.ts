import { z } from 'zod';

/**
 * Conflicts of interest flagged by the secretary's side (DESIGN.md, flow 4): an expert
 * and an application conflict when the expert works in the application's city or
 * province, or for its applicant. Flags are computed here from what is recorded, never
 * stored, so correcting an expert's city re-flags at once; only the secretary's
 * decision on a flag (recuse, or allow with a reason) is stored.
 */

export const CONFLICT_BASES = ['city', 'province', 'affiliation'] as const;
export const ConflictBasisSchema = z.enum(CONFLICT_BASES);
export type ConflictBasis = z.infer<typeof ConflictBasisSchema>;

/** Where an expert works, as the secretary recorded it. */
export interface ExpertPlace {
  fingerprint: string;
  city: string | null;
  province: string | null;
  affiliation: string | null;
}

/** Where an application comes from, as imported. */
export interface ApplicationPlace {
  id: string;
  city: string | null;
  province: string | null;
  applicant: string | null;
}

export interface ConflictFlag {
  fingerprint: string;
  applicationId: string;
  /** Why, in CONFLICT_BASES order; never empty. */
  bases: ConflictBasis[];
  /** The expert's own values that matched, in the order of `bases` (for messages). */
  matched: string[];
}

/**
 * Suffixes of administrative names people leave out: 宁波 for 宁波市, 浙江 for 浙江省,
 * 广西 for 广西壮族自治区, 延边 for 延边朝鲜族自治州, 香港 for 香港特别行政区.
 * County-level suffixes (区, 县, 旗) are kept on purpose: 朝阳区 (Beijing) and 朝阳市
 * (Liaoning) are different places, and so are 鼓楼区 in five cities.
 */
const ETHNIC_GROUPS = [
  '蒙古', '回', '藏', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳',
  '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南',
  '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔',
  '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
];
// Longest names first, so 土家族 is not read as 土 + 家族. 新疆维吾尔自治区 has no 族;
// nor have several prefectures of Xinjiang (伊犁哈萨克自治州, 巴音郭楞蒙古自治州), so
// before 自治州 the 族 is optional. Not before 自治区: 内蒙古自治区 is not 内 + 蒙古.
const GROUPS = [...ETHNIC_GROUPS].sort((a, b) => b.length - a.length).join('|');
const REGION_ETHNIC = `(?:(?:${GROUPS})族|维吾尔)*`;
const PREFECTURE_ETHNIC = `(?:(?:${GROUPS})族?|维吾尔)*`;
const ADMINISTRATIVE_SUFFIX = new RegExp(`(?:特别行政区|${REGION_ETHNIC}自治区|${PREFECTURE_ETHNIC}自治州|地区|省|市)$`, 'u');

/**
 * Province-level cities and regions: a place recorded as city on one side and as
 * province on the other (北京 as an application's city, 北京市 as an expert's
 * province) is still the same place. No other name counts across levels: 吉林市 is a
 * city in 吉林省, and an expert there is not in every city of the province.
 */
const PROVINCE_LEVEL_CITIES = new Set(['北京', '天津', '上海', '重庆', '香港', '澳门']);

/** Trimmed, NFKC (full-width letters and spaces), without any white space, lower case. */
function normaliseText(text: string | null): string | null {
  if (text === null) return null;
  const plain = text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
  return plain === '' ? null : plain;
}

/**
 * A place name for comparison: 宁波市, 宁波 and ' 宁波市 ' are the same. The suffix is
 * dropped once, and only when at least two characters remain (津市市 → 津市, but 津市
 * stays 津市, and 沙市 is not 沙).
 */
export function normalisePlace(name: string | null): string | null {
  const plain = normaliseText(name);
  if (plain === null) return null;
  const match = ADMINISTRATIVE_SUFFIX.exec(plain);
  if (match === null) return plain;
  const rest = plain.slice(0, match.index);
  return [...rest].length >= 2 ? rest : plain;
}

/**
 * An organisation's name for comparison: only spelling differences go (spaces, width,
 * case). 宁波市人民政府 and 宁波市经济和信息化局 stay different organisations.
 */
export function normaliseOrganisation(name: string | null): string | null {
  return normaliseText(name);
}

interface Places {
  city: string | null;
  province: string | null;
}

/** A province-level city fills the other level when that one is not given. */
function placesOf(city: string | null, province: string | null): Places {
  const c = normalisePlace(city);
  const p = normalisePlace(province);
  return {
    city: c ?? (p !== null && PROVINCE_LEVEL_CITIES.has(p) ? p : null),
    province: p ?? (c !== null && PROVINCE_LEVEL_CITIES.has(c) ? c : null),
  };
}

/** Why an expert and an application conflict, with the expert's values that matched; empty when they do not. */
export function conflictBetween(expert: ExpertPlace, application: ApplicationPlace): Pick<ConflictFlag, 'bases' | 'matched'> {
  const mine = placesOf(expert.city, expert.province);
  const theirs = placesOf(application.city, application.province);
  const bases: ConflictBasis[] = [];
  const matched: string[] = [];
  const add = (basis: ConflictBasis, same: boolean, value: string | null) => {
    if (!same) return;
    bases.push(basis);
    matched.push(value ?? '');
  };
  add('city', mine.city !== null && mine.city === theirs.city, expert.city ?? expert.province);
  add('province', mine.province !== null && mine.province === theirs.province, expert.province ?? expert.city);
  const affiliation = normaliseOrganisation(expert.affiliation);
  add('affiliation', affiliation !== null && affiliation === normaliseOrganisation(application.applicant), expert.affiliation);
  return { bases, matched };
}

/** Every flagged pair, experts in the order given, then applications in the order given. */
export function conflictFlags(experts: readonly ExpertPlace[], applications: readonly ApplicationPlace[]): ConflictFlag[] {
  const flags: ConflictFlag[] = [];
  for (const expert of experts) {
    for (const application of applications) {
      const { bases, matched } = conflictBetween(expert, application);
      if (bases.length > 0) flags.push({ fingerprint: expert.fingerprint, applicationId: application.id, bases, matched });
    }
  }
  return flags;
}

/** The secretary's decision on a conflict: the expert stays away, or may review it for a stated reason. */
export const ConflictDecisionKindSchema = z.enum(['recuse', 'allow']);
export type ConflictDecisionKind = z.infer<typeof ConflictDecisionKindSchema>;
