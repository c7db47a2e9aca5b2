import { type MessagesLike, registerFeatureMessages } from '../../i18n';

/**
 * The audit log view, under the `auditUi` key. Action names are nested by their dotted
 * parts (`expert.add` → actions.expert.add), which is how i18next reads a dotted key.
 * zh-CN first; `en` must have the same keys (the type checker enforces it).
 */
const zhCN = {
  tab: '审计日志',
  onlyRound: '仅显示本轮次',
  verify: '校验哈希链',
  verifyOk: '审计日志完整：共 {{entries}} 条记录，逐条重新计算哈希均相符。最新哈希 {{head}}',
  verifyEmpty: '审计日志为空。',
  verifyFailed: '审计日志校验未通过',
  seq: '序号',
  at: '时间',
  action: '操作',
  round: '评审轮次',
  detail: '内容',
  hash: '哈希',
  newer: '较新',
  older: '较旧',
  pageOf: '第 {{page}}/{{pages}} 页，共 {{total}} 条',
  empty: '没有审计记录',
  loadFailed: '无法加载审计日志',
  brokenRow: '此记录与哈希链不符',
  noRound: '—',
  actions: {
    expert: { add: '登记专家', update: '修改专家信息', remove: '移除专家' },
    assignment: { set: '分配申报材料', auto: '自动分配' },
    conflict: { decide: '利益冲突处理' },
    panel: { export: '导出评审包' },
    bundle: { import: '导入评分包' },
    method: { set: '设置统计方法' },
    tiebreak: { set: '同分排序' },
    flag: { note: '分歧说明' },
    report: { export: '导出报告' },
  },
} as const;

const en: MessagesLike<typeof zhCN> = {
  tab: 'Audit log',
  onlyRound: 'This round only',
  verify: 'Verify hash chain',
  verifyOk: 'The audit log is intact: {{entries}} entries, every hash recomputed and matching. Latest hash {{head}}',
  verifyEmpty: 'The audit log is empty.',
  verifyFailed: 'The audit log failed verification',
  seq: 'No.',
  at: 'Time',
  action: 'Action',
  round: 'Round',
  detail: 'Detail',
  hash: 'Hash',
  newer: 'Newer',
  older: 'Older',
  pageOf: 'Page {{page}} of {{pages}}, {{total}} entries',
  empty: 'No audit entries',
  loadFailed: 'The audit log could not be loaded',
  brokenRow: 'This entry does not fit the hash chain',
  noRound: '—',
  actions: {
    expert: { add: 'Expert enrolled', update: 'Expert edited', remove: 'Expert removed' },
    assignment: { set: 'Assignment', auto: 'Automatic assignment' },
    conflict: { decide: 'Conflict decision' },
    panel: { export: 'Panel packages exported' },
    bundle: { import: 'Score bundle import' },
    method: { set: 'Method set' },
    tiebreak: { set: 'Tie-break' },
    flag: { note: 'Flag note' },
    report: { export: 'Report exported' },
  },
};

registerFeatureMessages('auditUi', { 'zh-CN': zhCN, en });
