import { type MessagesLike, registerFeatureMessages } from '../../i18n';

/**
 * The secretary's bundle import dialog, under the `mergeUi` key of the translation
 * namespace (the statuses and reasons the CLI shares are `merge.*` in shared/i18n).
 * zh-CN first; `en` must have the same keys (the type checker enforces it).
 */
const zhCN = {
  importBundles: '导入评分包',
  title: '导入评分包',
  dropHint: '将专家返回的评分包（.prscores）拖到这里，或点击选择文件（可一次选择多个）',
  dropHintSub: '每个评分包先用您的私钥解密，核验专家签名，再按合并规则整体合并或整体拒绝；被拒绝的评分包不会改变任何内容。每次导入都记入审计日志。',
  notBundleFiles: '以下文件不是评分包（.prscores），未导入：{{files}}',
  uploading: '正在读取文件 {{done}}/{{total}}…',
  merging: '正在核验并合并 {{done}}/{{total}}…',
  stop: '停止导入',
  stopped: '已停止：此前已合并的评分包保持合并，其余未导入。',
  failed: '无法导入评分包',
  resultsTitle: '导入结果',
  summary: '已合并 {{accepted}} 个，未改变 {{unchanged}} 个，被拒绝 {{rejected}} 个',
  acceptedDetail: '{{name}}：第 {{revision}} 版，{{applications}} 份申报材料的评审',
  returnsTitle: '专家返回情况',
  expert: '专家',
  status: '返回情况',
  done: '已完成',
  doneValue: '{{done}} / {{assigned}}',
  conflicts: '（其中回避 {{count}} 份）',
  revision: '最新版本',
  revisionValue: '第 {{revision}} 版',
  receivedAt: '收到时间',
  none: '—',
  noExperts: '本轮还没有登记专家',
  loadFailed: '无法加载专家返回情况',
  importMore: '继续导入',
  close: '关闭',
} as const;

const en: MessagesLike<typeof zhCN> = {
  importBundles: 'Import score bundles',
  title: 'Import score bundles',
  dropHint: 'Drop the score bundles (.prscores) the experts returned here, or click to choose them (several at once)',
  dropHintSub:
    "Each bundle is decrypted with your private key and its expert's signature verified, then merged whole or refused whole by the merge rules; a refused bundle changes nothing. Every import is recorded in the audit log.",
  notBundleFiles: 'These files are not score bundles (.prscores) and were not imported: {{files}}',
  uploading: 'Reading files {{done}}/{{total}}…',
  merging: 'Verifying and merging {{done}}/{{total}}…',
  stop: 'Stop importing',
  stopped: 'Stopped: the bundles merged so far stay merged; the rest were not imported.',
  failed: 'The score bundles could not be imported',
  resultsTitle: 'Results',
  summary: '{{accepted}} merged, {{unchanged}} unchanged, {{rejected}} rejected',
  acceptedDetail: '{{name}}: revision {{revision}}, reviews of {{applications}} applications',
  returnsTitle: 'Returns by expert',
  expert: 'Expert',
  status: 'Status',
  done: 'Done',
  doneValue: '{{done}} / {{assigned}}',
  conflicts: ' ({{count}} recused)',
  revision: 'Latest revision',
  revisionValue: 'revision {{revision}}',
  receivedAt: 'Received',
  none: '—',
  noExperts: 'No experts are enrolled in this round yet',
  loadFailed: 'The returns could not be loaded',
  importMore: 'Import more',
  close: 'Close',
};

registerFeatureMessages('mergeUi', { 'zh-CN': zhCN, en });
