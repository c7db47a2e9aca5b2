import { type MessagesLike, registerFeatureMessages } from '../../i18n';

/**
 * The expert's score sheet dialog (issue 8): printing the sheet that goes with the
 * exported score bundle, under the `scoreSheetUi` key. The sheet's own text is in
 * shared/i18n (`scoreSheet`), since the back end prints it.
 */
const zhCN = {
  open: '打印评分表',
  title: '打印评分表',
  intro: '评分表列出每份申报材料的利益冲突声明、各项得分和评语、评审意见与结论，并载有评分包的版本号、SHA-256 及其二维码，供您签字后交评审秘书核对。',
  matchRule: '只能为最近一次导出的评分包打印：导出后评分如有改动，请先重新导出评分包。仅需核对时可以打印草稿（每页标有“草稿”，不作签字用）。',
  save: '保存评分表（PDF）',
  saveDraft: '打印草稿',
  working: '正在生成评分表…',
  failed: '无法生成评分表',
  exportFirst: '导出评分包',
  filterName: 'PDF 文件',
  fileSuffix: '评分表',
  resultTitle: '评分表已生成',
  resultDraftTitle: '评分表草稿已生成',
  fileName: '文件名',
  savedTo: '保存位置',
  pages: '页数',
  revision: '评分包版本',
  bundleSha256: '评分包 SHA-256',
  draftNote: '这是草稿：不对应任何评分包，请勿签字。',
  printHint: '请用 A4 纸按实际大小打印，签字并注明日期后交评审秘书；评审秘书可扫描二维码核对评分包。',
  downloaded: '已开始下载 {{file}}',
  close: '关闭',
} as const;

const en: MessagesLike<typeof zhCN> = {
  open: 'Score sheet',
  title: 'Print the score sheet',
  intro:
    "The score sheet lists, for each application, your conflict-of-interest declaration, every score with its comment, your opinion and recommendation, and carries the score bundle's revision, SHA-256 and its QR code, for you to sign and give to the secretary.",
  matchRule:
    'It can only be printed for the score bundle exported last: if the scores changed since, export the score bundle again first. To check only, print a draft (marked DRAFT on every page, not for signing).',
  save: 'Save score sheet (PDF)',
  saveDraft: 'Print draft',
  working: 'Making the score sheet…',
  failed: 'The score sheet could not be made',
  exportFirst: 'Export score bundle',
  filterName: 'PDF file',
  fileSuffix: 'score-sheet',
  resultTitle: 'Score sheet ready',
  resultDraftTitle: 'Draft score sheet ready',
  fileName: 'File name',
  savedTo: 'Saved to',
  pages: 'Pages',
  revision: 'Score bundle revision',
  bundleSha256: 'Score bundle SHA-256',
  draftNote: 'This is a draft: it matches no score bundle. Do not sign it.',
  printHint: 'Print on A4 at actual size, sign and date it, and give it to the secretary, who can scan the QR code to check the score bundle.',
  downloaded: 'Downloading {{file}}',
  close: 'Close',
};

export const scoreSheetMessages = { 'zh-CN': zhCN, en } as const;

registerFeatureMessages('scoreSheetUi', scoreSheetMessages);
