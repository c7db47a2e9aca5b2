import i18next from 'i18next';

/**
 * The reader's messages, under the `reader` key of the translation namespace. They live
 * here rather than in shared/i18n (edited by others at the same time) and are added to
 * i18next when this module loads. zh-CN first; `en` must have the same keys (the type
 * checker enforces it).
 */
const zhCN = {
  toolbar: 'PDF 阅读工具栏',
  sidebarShow: '显示书签',
  sidebarHide: '隐藏书签',
  sidebarNoOutline: '本文档没有书签',
  previousPage: '上一页（PageUp）',
  nextPage: '下一页（PageDown）',
  pageNumber: '页码',
  pageOf: '/ {{count}}',
  zoomOut: '缩小（Ctrl+-）',
  zoomIn: '放大（Ctrl+=）',
  zoom: '缩放',
  zoomPageWidth: '适合宽度',
  zoomPageFit: '适合页面',
  zoomPercent: '{{percent}}%',
  find: '查找（Ctrl+F）',
  findPlaceholder: '在文档中查找',
  findPrevious: '上一个（Shift+Enter）',
  findNext: '下一个（Enter）',
  findClose: '关闭查找（Esc）',
  findCount: '{{current}} / {{total}}',
  findNotFound: '未找到',
  findSearching: '正在查找…',
  findWrappedTop: '已到开头，从末尾继续',
  findWrappedBottom: '已到末尾，从开头继续',
  outline: '书签',
  outlineEmpty: '本文档没有书签',
  loading: '正在打开文档…',
  viewer: 'PDF 文档内容',
  errorTitle: '无法打开此文档',
  errorPassword: '此文档有打开密码，请输入密码。',
  errorPasswordWrong: '密码不正确，请重新输入。',
  errorDamaged: '文档已损坏或不是有效的 PDF 文件。',
  errorLoad: '读取文档失败，请稍后重试。',
  errorDetail: '详细信息：{{detail}}',
  passwordLabel: '文档密码',
  passwordSubmit: '打开',
  retry: '重试',
  externalLinkTitle: '外部链接',
  externalLinkText: '文档中的这个链接指向外部网址。为安全起见，评审软件不会打开它；如需访问，请复制后在其他设备上打开。',
  externalLinkCopy: '复制链接',
  externalLinkCopied: '链接已复制',
  close: '关闭',
  scoringSheet: '评分表',
  scoringSheetPlaceholder: '评分表将显示在这里：可在阅读材料的同时逐项打分、填写评语。',
  resizeHandle: '调整阅读区与评分表的宽度（可用左右方向键）',
  pageLandmark: '第 {{page}} 页',
  annotationType: '[{{type}} 批注]',
  showComment: '显示批注',
} as const;

type ReaderMessages = { readonly [K in keyof typeof zhCN]: string };

const en: ReaderMessages = {
  toolbar: 'PDF reader toolbar',
  sidebarShow: 'Show bookmarks',
  sidebarHide: 'Hide bookmarks',
  sidebarNoOutline: 'This document has no bookmarks',
  previousPage: 'Previous page (PageUp)',
  nextPage: 'Next page (PageDown)',
  pageNumber: 'Page number',
  pageOf: 'of {{count}}',
  zoomOut: 'Zoom out (Ctrl+-)',
  zoomIn: 'Zoom in (Ctrl+=)',
  zoom: 'Zoom',
  zoomPageWidth: 'Fit width',
  zoomPageFit: 'Fit page',
  zoomPercent: '{{percent}}%',
  find: 'Find (Ctrl+F)',
  findPlaceholder: 'Find in document',
  findPrevious: 'Previous match (Shift+Enter)',
  findNext: 'Next match (Enter)',
  findClose: 'Close find (Esc)',
  findCount: '{{current}} of {{total}}',
  findNotFound: 'Not found',
  findSearching: 'Searching…',
  findWrappedTop: 'Reached the top, continued from the bottom',
  findWrappedBottom: 'Reached the end, continued from the top',
  outline: 'Bookmarks',
  outlineEmpty: 'This document has no bookmarks',
  loading: 'Opening the document…',
  viewer: 'PDF document',
  errorTitle: 'This document cannot be opened',
  errorPassword: 'This document is password-protected. Please enter the password.',
  errorPasswordWrong: 'Incorrect password. Please try again.',
  errorDamaged: 'The document is damaged or is not a valid PDF file.',
  errorLoad: 'The document could not be read. Please try again later.',
  errorDetail: 'Details: {{detail}}',
  passwordLabel: 'Document password',
  passwordSubmit: 'Open',
  retry: 'Retry',
  externalLinkTitle: 'External link',
  externalLinkText:
    'This link in the document points to an external address. For safety the review application does not open it; copy it to open it on another device if you need to.',
  externalLinkCopy: 'Copy link',
  externalLinkCopied: 'Link copied',
  close: 'Close',
  scoringSheet: 'Scoring sheet',
  scoringSheetPlaceholder: 'The scoring sheet comes here: score each criterion and write comments while you read.',
  resizeHandle: 'Resize the reader and the scoring sheet (arrow keys work too)',
  pageLandmark: 'Page {{page}}',
  annotationType: '[{{type}} Annotation]',
  showComment: 'Show comment',
};

export const readerMessages = { 'zh-CN': zhCN, en } as const;

function register(): void {
  for (const [language, messages] of Object.entries(readerMessages)) {
    i18next.addResourceBundle(language, 'translation', { reader: messages }, true, true);
  }
}

// i18next has no resource store before init(): register now if it is ready, else as soon as it is.
if (i18next.isInitialized) register();
else i18next.on('initialized', register);
