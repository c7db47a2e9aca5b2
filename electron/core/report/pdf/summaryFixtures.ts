import type { OpinionSummary, SummaryApplication, SummaryExpert, SummaryReview, SummaryStatistics } from './opinionSummary';

/**
 * Deterministic opinion summaries for tests and the benchmark: a 中国制造2025 plan
 * review with real-looking Chinese cities, experts (rare name characters included),
 * opinions of any length, recusals, ties and flags. Statistics are computed here
 * simply; the report only prints them.
 */

export interface FixtureOptions {
  applications: number;
  experts: number;
  /** Characters of each strengths and issues text. */
  opinionLength?: number;
  /** One application gets a comment this long (the page-spanning case). */
  longComment?: number;
  /** Every expert returned a bundle; false: none did (nothing scored). */
  returned?: boolean;
  /** Two applications share a rank. */
  ties?: boolean;
  draft?: boolean;
  language?: OpinionSummary['language'];
}

const CITIES = [
  ['苏州市', '江苏省'], ['宁波市', '浙江省'], ['泉州市', '福建省'], ['沈阳市', '辽宁省'], ['长株潭城市群', '湖南省'], ['青岛市', '山东省'],
  ['成都市', '四川省'], ['合肥市', '安徽省'], ['郑州市', '河南省'], ['东莞市', '广东省'], ['株洲市', '湖南省'], ['赣州市', '江西省'],
] as const;
const NAMES = ['欧阳明', '王喆', '李堃', '赵昇', '陈珺', '刘犇', '张伟', '周晓燕', '孙立群', '吴敏', '郑国强', '冯雪', '何静', '高峰', '罗志远'];
const AFFILIATIONS = ['中国电子信息产业发展研究院', '清华大学', '国家制造强国建设战略咨询委员会', '上海交通大学机械与动力工程学院', '中国工程院', '浙江大学'];
const SENTENCES = [
  '实施方案目标明确，“创新能力”“质量效益”等五类量化指标完整，与《中国制造2025》总体部署契合。',
  '新型制造业体系布局合理，重点发展智能装备、新材料等产业，区域协同创新体系设计较为扎实。',
  '建议进一步细化人才培养体系的考核方式，补充政策保障措施的资金来源（约42.5%尚未落实）。',
  '试点工作组织和实施部分的时间安排略显紧张；两化融合指标宜与国家统计口径（GB/T 4754—2017）一致。',
  '专家组认为该市基础条件较好，可予以支持！',
];

export function prose(length: number, seed = 0): string {
  let text = '';
  for (let index = seed; text.length < length; index += 1) text += SENTENCES[index % SENTENCES.length] ?? '';
  return text.slice(0, length);
}

const CRITERIA = [
  { id: 'basis', title: '基础条件', section: '一、基础条件', max: 15 },
  { id: 'goals', title: '总体思路和目标', section: '二、总体思路和目标', max: 20 },
  { id: 'industry', title: '新型制造业体系', section: '三、体系建设', max: 20 },
  { id: 'innovation', title: '区域协同创新体系', section: '三、体系建设', max: 15 },
  { id: 'talent', title: '人才培养体系', section: '三、体系建设', max: 10 },
  { id: 'policy', title: '政策保障与组织实施', section: '四、保障措施', max: 20 },
];
const MAX_TOTAL = CRITERIA.reduce((sum, criterion) => sum + criterion.max, 0);

function statistics(values: readonly number[]): SummaryStatistics {
  const n = values.length;
  if (n === 0) return { n, mean: null, median: null, sd: null, min: null, max: null, trimmedMean: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const median = n % 2 === 1 ? (sorted[(n - 1) / 2] ?? 0) : ((sorted[n / 2 - 1] ?? 0) + (sorted[n / 2] ?? 0)) / 2;
  const sd = n < 2 ? null : Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  const trimmed = n >= 5 ? sorted.slice(1, -1) : sorted;
  return { n, mean, median, sd, min: sorted[0] ?? null, max: sorted.at(-1) ?? null, trimmedMean: trimmed.reduce((a, b) => a + b, 0) / trimmed.length };
}

export function fingerprintOf(index: number): string {
  return `SHA256:${String(index).padStart(3, '0')}${'x'.repeat(40)}`;
}

export function opinionSummaryFixture(options: FixtureOptions): OpinionSummary {
  const returned = options.returned ?? true;
  const experts: SummaryExpert[] = Array.from({ length: options.experts }, (_, index) => ({
    fingerprint: fingerprintOf(index),
    name: NAMES[index % NAMES.length] + (index >= NAMES.length ? String(Math.floor(index / NAMES.length) + 1) : ''),
    affiliation: index % 4 === 3 ? null : (AFFILIATIONS[index % AFFILIATIONS.length] ?? null),
  }));
  const applications: SummaryApplication[] = Array.from({ length: options.applications }, (_, a) => {
    const [city, province] = CITIES[a % CITIES.length] ?? ['某市', '某省'];
    const suffix = a >= CITIES.length ? `（第${Math.floor(a / CITIES.length) + 1}批）` : '';
    const reviews: SummaryReview[] = returned
      ? experts.map((expert, e) => {
          const recused = options.experts > 2 && ((options.ties === true && a === 1 ? 0 : a) + e) % 11 === 5;
          if (recused) {
            return { fingerprint: expert.fingerprint, coi: 'conflict', coiReason: `本人曾参与${city}实施方案的编制咨询`, scores: new Map(), comments: new Map(), total: null, strengths: '', issues: '', recommendation: null };
          }
          // With ties, the second application gets the first one's scores (and its recusals are scored as the first's).
          const like = options.ties === true && a === 1 ? 0 : a;
          const scores = new Map(CRITERIA.map((criterion, c) => [criterion.id, Math.max(0, criterion.max - ((like * 3 + e * 5 + c * 7) % 9) * 0.5 - like * 0.25)]));
          const comments = new Map(CRITERIA.filter((_, c) => (a + e + c) % 4 === 0).map((criterion, c) => [criterion.id, prose(30 + c * 10, a + e)]));
          const long = options.longComment !== undefined && a === 0 && e === 0;
          return {
            fingerprint: expert.fingerprint,
            coi: 'none',
            coiReason: null,
            scores,
            comments,
            total: [...scores.values()].reduce((sum, value) => sum + value, 0),
            strengths: long ? prose(options.longComment ?? 0, e) : prose(options.opinionLength ?? 120, a + e),
            issues: prose(Math.round((options.opinionLength ?? 120) * 0.7), a + e + 2),
            recommendation: (['approve', 'revise', 'reject'] as const)[(a + e) % 5 === 0 ? 2 : (a + e) % 3 === 0 ? 1 : 0] ?? 'approve',
          };
        })
      : [];
    const totals = reviews.flatMap((review) => (review.total === null ? [] : [review.total]));
    const total = statistics(totals);
    const recommendations: Record<string, number> = { approve: 0, revise: 0, reject: 0 };
    for (const review of reviews) if (review.recommendation !== null) recommendations[review.recommendation] = (recommendations[review.recommendation] ?? 0) + 1;
    const criteria = new Map(CRITERIA.map((criterion) => [criterion.id, statistics(reviews.flatMap((review) => { const value = review.scores.get(criterion.id); return value === undefined ? [] : [value]; }))]));
    const flags = returned && a % 3 === 0
      ? [{ criterionId: 'goals', spread: 4, limit: 3, note: a % 6 === 0 ? null : '经专家组讨论，分歧源于对量化指标口径的不同理解，维持原评分。', outcome: a % 6 === 0 ? null : ('consensus' as const) }]
      : [];
    return { id: `app${String(a).padStart(7, '0')}`, name: `${city}${suffix}（${province}）`, applicant: `${city}人民政府`, rank: null, tied: false, value: total.trimmedMean, total, criteria, recommendations, flags, reviews };
  });
  // Competition ranking by value, ties sharing a rank ("1, 2, 2, 4").
  const ordered = [...applications].sort((x, y) => (y.value ?? -Infinity) - (x.value ?? -Infinity));
  ordered.forEach((application, index) => {
    if (application.value === null) return;
    const first = ordered.findIndex((other) => other.value !== null && Math.abs((other.value ?? 0) - (application.value ?? 0)) < 1e-9);
    application.rank = first + 1;
    application.tied = ordered.filter((other) => other.value !== null && Math.abs((other.value ?? 0) - (application.value ?? 0)) < 1e-9).length > 1;
    void index;
  });
  const openFlags = applications.reduce((sum, application) => sum + application.flags.filter((flag) => flag.note === null).length, 0);
  const leniency = experts.map((expert) => {
    const pairs = applications.flatMap((application) => {
      const own = application.reviews.find((review) => review.fingerprint === expert.fingerprint)?.total;
      return own === null || own === undefined || application.total.mean === null ? [] : [own - application.total.mean];
    });
    return { fingerprint: expert.fingerprint, leniency: pairs.length === 0 ? null : pairs.reduce((a, b) => a + b, 0) / pairs.length };
  });
  return {
    language: options.language ?? 'zh-CN',
    generatedAt: '2025-06-18T12:00:00.000Z',
    producer: 'Panel Review 0.1.0',
    round: { id: 'r0unda1b2c', name: '2025年“中国制造2025”试点示范城市实施方案评审', kind: 'plan-review' },
    rubric: {
      name: '试点示范城市实施方案评分细则',
      version: 'v1 · 3f2a9c1d',
      maxTotal: MAX_TOTAL,
      criteria: CRITERIA,
      recommendations: [
        { id: 'approve', label: options.language === 'en' ? 'Approve' : '同意' },
        { id: 'revise', label: options.language === 'en' ? 'Approve after revision' : '修改后同意' },
        { id: 'reject', label: options.language === 'en' ? 'Reject' : '不同意' },
      ],
      strengthsTitle: options.language === 'en' ? 'Main strengths' : '主要优势',
      issuesTitle: options.language === 'en' ? 'Main issues and suggestions' : '主要问题与修改建议',
    },
    officialMethod: 'trimmed',
    experts,
    chair: experts[0]?.fingerprint ?? null,
    applications: [...applications].sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity)),
    agreement: returned && options.experts > 1 ? { kendallW: 0.6234, krippendorffAlpha: 0.4817, kendallApplications: Math.max(0, options.applications - 2) } : { kendallW: null, krippendorffAlpha: null, kendallApplications: 0 },
    leniency,
    receipts: returned ? experts.map((expert, index) => ({ fingerprint: expert.fingerprint, revision: 1 + (index % 3), sha256: `${index.toString(16).padStart(2, '0')}${'8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327a'}`.slice(0, 64), receivedAt: '2025-06-17T09:30:00.000Z' })) : [],
    openFlags,
    draft: options.draft ?? openFlags > 0,
  };
}
