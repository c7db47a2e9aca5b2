import type { RoundKind } from './round';
import { RUBRIC_FORMAT, type Criterion, type PresetIndicator, type QualitativeField, type Rubric, type ScoreBand } from './rubric';

/**
 * The built-in rubrics a new round starts from, one per round kind. They follow the
 * programme's own documents: the selection criteria and implementation-plan outline of
 * the 中国制造2025 city pilots for plan review, and for the mid-term and periodic
 * assessments the five indicator groups the pilots report against (创新能力, 质量效益,
 * 优化结构, 可持续发展, 两化融合) with task completion and mechanisms. A secretary
 * adapts them in the rubric editor; these are starting points, not rules.
 */

const STEP = 0.5;

/** 优 ≥ 90 %, 良 ≥ 70 %, 中 ≥ 50 % of the maximum, on the criterion's step. */
function bands(max: number): ScoreBand[] {
  const at = (share: number) => Math.ceil((max * share) / STEP) * STEP;
  const excellent = at(0.9);
  const good = at(0.7);
  const fair = at(0.5);
  return [
    { label: '优', labelEn: 'Excellent', min: excellent, max },
    { label: '良', labelEn: 'Good', min: good, max: excellent - STEP },
    { label: '中', labelEn: 'Fair', min: fair, max: good - STEP },
    { label: '差', labelEn: 'Poor', min: 0, max: fair - STEP },
  ];
}

function scored(id: string, title: string, titleEn: string, max: number, guidance: string, guidanceEn: string): Criterion {
  return { id, title, titleEn, guidance, guidanceEn, max, step: STEP, bands: bands(max) };
}

function targets(id: string, title: string, titleEn: string, max: number, guidance: string, guidanceEn: string, presetIndicators: PresetIndicator[]): Criterion {
  return { id, kind: 'targets', title, titleEn, guidance, guidanceEn, max, step: STEP, bands: bands(max), presetIndicators };
}

const qualitative: QualitativeField[] = [
  { id: 'strengths', title: '主要优势', titleEn: 'Main strengths' },
  { id: 'issues', title: '主要问题与修改建议', titleEn: 'Main problems and suggested revisions' },
];

const common = {
  format: RUBRIC_FORMAT,
  qualitative,
  recommendations: ['approve', 'revise', 'reject'],
  disagreementThreshold: 0.3,
  trimThreshold: 5,
} as const;

const planReview: Rubric = {
  ...common,
  recommendations: [...common.recommendations],
  qualitative: [...qualitative],
  name: '实施方案评审',
  nameEn: 'Implementation plan review',
  sections: [
    {
      id: 'basis',
      title: '一、基础条件',
      titleEn: 'I. Basis',
      criteria: [
        scored(
          'policy-compliance',
          '符合法律法规与产业政策',
          'Complies with laws, regulations and industrial policy',
          10,
          '方案符合国家法律法规和《中国制造2025》及相关产业政策；无明令淘汰的落后产能，近三年无重大安全、环境、质量事故。',
          'The plan complies with national law, Made in China 2025 and related industrial policy; no capacity ordered to be phased out, no major safety, environmental or quality incident in the last three years.',
        ),
        scored(
          'manufacturing-base',
          '制造业比重、产业特色与示范代表性',
          'Share of manufacturing, industrial profile and value as a model',
          15,
          '制造业增加值占地区生产总值比重较高，主导产业特色鲜明、集聚度高，在区域内具有示范带动和可复制推广价值。',
          'Manufacturing value added is a high share of GDP; the leading industries are distinctive and clustered; the city can lead its region and its experience can be replicated.',
        ),
      ],
    },
    {
      id: 'goals',
      title: '二、发展目标',
      titleEn: 'II. Goals',
      criteria: [
        scored(
          'goals-quantified',
          '目标明确、量化、可考核',
          'Goals that are clear, quantified and assessable',
          20,
          '围绕创新能力、质量效益、结构优化、绿色发展、两化融合等提出明确的阶段目标，指标量化、有基期值和目标值，可监测、可考核。',
          'Clear staged goals for innovation, quality and efficiency, structure, green development and IT–industry integration; indicators quantified with base and target values, measurable and assessable.',
        ),
      ],
    },
    {
      id: 'systems',
      title: '三、体系建设',
      titleEn: 'III. Building the systems',
      criteria: [
        scored(
          'manufacturing-system',
          '新型制造业体系',
          'A new manufacturing system',
          15,
          '以智能制造为主攻方向，推动传统产业改造升级和新兴产业培育，任务具体、路径清晰、重大项目支撑有力。',
          'Smart manufacturing as the main direction; upgrading traditional industries and growing emerging ones, with concrete tasks, a clear path and strong flagship projects.',
        ),
        scored(
          'innovation-system',
          '区域协同创新体系',
          'A regional system of collaborative innovation',
          10,
          '制造业创新中心、企业技术中心、产学研用协同机制等建设安排具体，区域协同和开放合作举措可行。',
          'Concrete plans for manufacturing innovation centres, enterprise technology centres and industry–university–research cooperation; feasible regional and open cooperation.',
        ),
        scored(
          'talent-system',
          '人才培养体系',
          'Training and attracting talent',
          10,
          '经营管理、专业技术和技能人才的培养、引进与激励措施明确，与产业发展需要相匹配。',
          'Clear measures to train, attract and reward managers, engineers and skilled workers, matching what the industries need.',
        ),
        scored(
          'policy-system',
          '政策保障体系',
          'Policy support',
          10,
          '财税、金融、用地、公共服务等配套政策具体可行，资金来源和保障措施落实。',
          'Fiscal, financial, land and public-service policies are concrete and feasible; funding sources and safeguards are secured.',
        ),
      ],
    },
    {
      id: 'implementation',
      title: '四、组织实施',
      titleEn: 'IV. Implementation',
      criteria: [
        scored(
          'organisation',
          '组织实施与评价考核机制',
          'Organisation, evaluation and accountability',
          10,
          '组织领导机构健全，责任分工明确，建立年度评估、考核和动态调整机制。',
          'A sound leading body, clear division of responsibilities, and mechanisms for annual evaluation, assessment and adjustment.',
        ),
      ],
    },
  ],
};

const indicators = {
  innovation: [
    { indicator: '规模以上制造业研发经费内部支出占主营业务收入比重', indicatorEn: 'R&D spending of large manufacturers as a share of revenue', unit: '%' },
    { indicator: '规模以上制造业每亿元主营业务收入有效发明专利数', indicatorEn: 'Valid invention patents per 100 million yuan of revenue', unit: '件' },
  ],
  quality: [
    { indicator: '制造业质量竞争力指数', indicatorEn: 'Manufacturing quality competitiveness index' },
    { indicator: '制造业增加值率提高', indicatorEn: 'Rise in manufacturing value-added rate', unit: '百分点' },
    { indicator: '制造业全员劳动生产率增速', indicatorEn: 'Growth of manufacturing labour productivity', unit: '%' },
  ],
  structure: [
    { indicator: '高技术制造业增加值占规模以上工业增加值比重', indicatorEn: 'High-tech manufacturing share of industrial value added', unit: '%' },
    { indicator: '战略性新兴产业产值占比', indicatorEn: 'Strategic emerging industries share of output', unit: '%' },
  ],
  sustainability: [
    { indicator: '规模以上单位工业增加值能耗下降幅度', indicatorEn: 'Fall in energy use per unit of industrial value added', unit: '%' },
    { indicator: '单位工业增加值二氧化碳排放量下降幅度', indicatorEn: 'Fall in CO₂ emissions per unit of industrial value added', unit: '%' },
    { indicator: '单位工业增加值用水量下降幅度', indicatorEn: 'Fall in water use per unit of industrial value added', unit: '%' },
    { indicator: '工业固体废物综合利用率', indicatorEn: 'Industrial solid waste utilisation rate', unit: '%' },
  ],
  integration: [
    { indicator: '宽带普及率', indicatorEn: 'Broadband penetration', unit: '%' },
    { indicator: '数字化研发设计工具普及率', indicatorEn: 'Use of digital R&D and design tools', unit: '%' },
    { indicator: '关键工序数控化率', indicatorEn: 'Numerical control of key processes', unit: '%' },
  ],
} satisfies Record<string, PresetIndicator[]>;

const targetsGuidance = '对照本市实施方案确定的量化目标，逐项填写目标值与实际值，系统计算完成率；结合完成情况评分。';
const targetsGuidanceEn = "Against the quantified targets of the city's own plan: enter target and actual for each indicator (the achieved ratio is computed), then score the progress.";

/** The five indicator groups both assessments score progress in. */
function progressSection(weights: readonly [number, number, number, number, number]): Rubric['sections'][number] {
  const [innovation, quality, structure, sustainability, integration] = weights;
  return {
    id: 'targets',
    title: '一、目标完成情况',
    titleEn: 'I. Progress against targets',
    criteria: [
      targets('innovation', '创新能力', 'Innovation capability', innovation, targetsGuidance, targetsGuidanceEn, indicators.innovation),
      targets('quality-efficiency', '质量效益', 'Quality and efficiency', quality, targetsGuidance, targetsGuidanceEn, indicators.quality),
      targets('structure', '优化结构', 'Structural optimisation', structure, targetsGuidance, targetsGuidanceEn, indicators.structure),
      targets('sustainability', '可持续发展', 'Sustainable development', sustainability, targetsGuidance, targetsGuidanceEn, indicators.sustainability),
      targets('integration', '两化融合', 'Integration of IT and industry', integration, targetsGuidance, targetsGuidanceEn, indicators.integration),
    ],
  };
}

const midterm: Rubric = {
  ...common,
  recommendations: [...common.recommendations],
  qualitative: [...qualitative],
  recommendationLabels: {
    approve: { title: '进展良好', titleEn: 'Good progress' },
    revise: { title: '限期整改', titleEn: 'Improve by a deadline' },
    reject: { title: '进展滞后', titleEn: 'Falling behind' },
  },
  name: '中期评估',
  nameEn: 'Mid-term assessment',
  sections: [
    progressSection([12, 12, 10, 10, 10]),
    {
      id: 'tasks',
      title: '二、重点任务完成情况',
      titleEn: 'II. Key tasks',
      criteria: [
        scored('key-tasks', '重点任务推进', 'Progress of key tasks', 20, '实施方案确定的重点任务按计划推进，阶段性成果明确。', 'The key tasks of the plan advance on schedule with clear interim results.'),
        scored('major-projects', '重大项目与示范带动', 'Major projects and their example', 10, '重大项目开工、投产情况，示范企业和园区的带动作用。', 'Major projects started and in production; how far model enterprises and parks lead others.'),
      ],
    },
    {
      id: 'mechanisms',
      title: '三、工作机制与保障',
      titleEn: 'III. Mechanisms and support',
      criteria: [
        scored('organisation', '组织实施与工作机制', 'Organisation and working mechanisms', 8, '领导机构运转、部门协同、监测评估和动态调整机制落实情况。', 'How the leading body works, departments cooperate, and monitoring and adjustment are carried out.'),
        scored('policy-funding', '政策落实与资金保障', 'Policies applied and funding', 8, '配套政策出台和落实、专项资金到位和使用绩效。', 'Supporting policies issued and applied; dedicated funds received and used to effect.'),
      ],
    },
  ],
};

const assessment: Rubric = {
  ...common,
  recommendations: [...common.recommendations],
  qualitative: [...qualitative],
  recommendationLabels: {
    approve: { title: '考核合格', titleEn: 'Passes' },
    revise: { title: '限期整改', titleEn: 'Improve by a deadline' },
    reject: { title: '考核不合格', titleEn: 'Fails' },
  },
  name: '考核评估',
  nameEn: 'Periodic assessment',
  sections: [
    progressSection([14, 14, 12, 12, 12]),
    {
      id: 'tasks',
      title: '二、任务完成与示范推广',
      titleEn: 'II. Tasks and spreading the experience',
      criteria: [
        scored('key-tasks', '重点任务完成情况', 'Key tasks completed', 16, '实施方案重点任务和重大项目的完成程度与质量。', 'How completely and how well the key tasks and major projects of the plan were carried out.'),
        scored('demonstration', '经验总结与示范推广', 'Lessons and their spread', 8, '形成可复制、可推广的经验和模式，在区域内的带动效果。', 'Experience and models that others can copy, and their effect in the region.'),
      ],
    },
    {
      id: 'mechanisms',
      title: '三、体制机制与政策保障',
      titleEn: 'III. Institutions and policy support',
      criteria: [
        scored('institutional-innovation', '体制机制创新', 'Institutional innovation', 6, '在管理体制、要素配置、服务方式等方面的改革创新成效。', 'Results of reforms in administration, allocation of resources and public services.'),
        scored('policy-support', '政策保障', 'Policy support', 6, '配套政策与资金的落实和绩效。', 'Supporting policies and funds applied, and their effect.'),
      ],
    },
  ],
};

/** Plain data, so a JSON round trip is a deep copy (shared code has neither DOM nor Node types). */
const copy = (rubric: Rubric): Rubric => JSON.parse(JSON.stringify(rubric)) as Rubric;

const custom: Rubric = { ...copy(planReview), name: '自定义评审', nameEn: 'Custom review' };

const templates: Record<RoundKind, Rubric> = { 'plan-review': planReview, midterm, assessment, custom };

/** A fresh copy of the built-in rubric of a round kind, safe to edit. */
export function rubricTemplate(kind: RoundKind): Rubric {
  return copy(templates[kind]);
}
