import i18next from 'i18next';

/**
 * The expert's panel messages (importing a panel package, exporting a score bundle),
 * under the `panel` key of the translation namespace, as identityMessages.ts does.
 * zh-CN first; `en` must have the same keys (the type checker enforces it).
 */
const zhCN = {
  importPackage: '导入评审包',
  importTitle: '导入评审包',
  dropHint: '将评审包（.prpanel）拖到这里，或点击选择文件',
  dropHintSub: '评审包由评审秘书发给您，只有您的私钥能打开。导入前会先核验签名和其中的每一个文件，核验时不保存任何内容。',
  notPanelFile: '{{file}} 不是评审包：请选择 .prpanel 文件。',
  uploading: '正在读取文件…',
  inspecting: '正在解密并核验评审包…',
  inspectFailed: '无法打开评审包',
  verifiedTitle: '已核验',
  checkDecrypted: '已用您的私钥解密：评审包是加密发给您的',
  checkSignature: '评审秘书的签名有效：签名清单未被改动',
  checkDocuments: '全部 {{count}} 个文件的 SHA-256 与签名清单一致',
  round: '评审轮次',
  secretary: '评审秘书（签名人）',
  secretaryFingerprint: '评审秘书的密钥指纹',
  secretaryFingerprintChanged: '签名人的密钥指纹（与此前不同）',
  expert: '发给',
  expertIsYou: '您本人',
  contents: '内容',
  contentsValue: '{{applications}} 份申报材料，{{documents}} 个文件，共 {{size}}',
  trusted: '与此前是同一位评审秘书：签名密钥与本轮次此前收到的评审包一致。',
  newTitle: '首次收到这位评审秘书的评审包：请核对指纹',
  newBody: '请将上面的指纹与评审秘书通过电话或纸面告诉您的指纹逐组核对。全部一致才能导入；如有任何一组不一致，请勿导入，并与评审秘书联系。',
  newConfirm: '我已逐组核对，指纹与评审秘书提供给我的完全一致',
  changedTitle: '危险：此评审包由另一把密钥签名，已拒绝导入',
  changedBody:
    '本轮次此前的评审秘书密钥是 {{trusted}}，而这个评审包由另一把密钥签名。可能有人冒充评审秘书向您发送了伪造的材料。请勿使用此文件，并通过电话等独立渠道与评审秘书联系。',
  wrongExpertTitle: '此评审包不是发给您的，不能导入',
  wrongExpertBody: '评审包发给的是专家 {{name}}（指纹 {{fingerprint}}），与本机身份不同。请向评审秘书索取发给您本人的评审包。',
  alreadyImported: '这个评审包所属的评审轮次已经导入过。再次导入同一个评审包不会改变任何内容。',
  openRound: '打开该轮次',
  import: '导入',
  importing: '正在导入…',
  chooseAnother: '换一个文件',
  phase: { upload: '读取文件', verify: '解密并核验', check: '检查 PDF', store: '存储文件', text: '提取文本' },
  cancelImport: '取消导入',
  confirmCancel: '确定要取消导入吗？在全部文件核验并存储之前取消，本机不会保留任何内容；此后取消只会推迟文本提取。',
  continueImport: '继续导入',
  imported: '已导入评审包：{{count}} 份申报材料',
  unchanged: '这个评审包已经导入过，内容未改变',
  importFailed: '无法导入评审包',
  locked: '私钥已锁定：解锁后才能解密评审包、签名评分包。',
  exportScores: '导出评分包',
  exportTitle: '导出评分包',
  exportIntro: '评分包由您的签名密钥签名，并加密给评审秘书，只有评审秘书能打开。',
  exportContents: '评分包载有截至此刻在本机记录的利益冲突声明和评分；评分在评分表中录入。',
  exportRevisions: '可以多次导出：每次导出的版本号更高，评审秘书以版本号最高的一份为准。',
  exportApplications: '本轮共有 {{count}} 份申报材料。',
  export: '导出',
  exporting: '正在签名并加密…',
  exportFailed: '无法导出评分包',
  filterName: '评分包',
  resultTitle: '评分包已导出',
  fileName: '文件名',
  savedTo: '保存位置',
  revision: '版本号',
  reviewed: '评审记录',
  reviewedValue: '{{reviewed}} / {{total}} 份申报材料有评审记录',
  sha256: 'SHA-256',
  hashHelp: '打印的评分表会载有这个 SHA-256。评审秘书据此核对您签字的纸面评分表与收到的评分包是同一份。请将评分包文件交给评审秘书。',
  downloaded: '已开始下载 {{file}}',
  close: '关闭',
} as const;

type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

const en: Messages<typeof zhCN> = {
  importPackage: 'Import panel package',
  importTitle: 'Import panel package',
  dropHint: 'Drop the panel package (.prpanel) here, or click to choose the file',
  dropHintSub:
    'The secretary sends you the panel package; only your private key can open it. Its signature and every file in it are verified before importing, and nothing is stored while verifying.',
  notPanelFile: '{{file}} is not a panel package: choose a .prpanel file.',
  uploading: 'Reading the file…',
  inspecting: 'Decrypting and verifying the panel package…',
  inspectFailed: 'The panel package could not be opened',
  verifiedTitle: 'Verified',
  checkDecrypted: 'Decrypted with your private key: the package was encrypted to you',
  checkSignature: "The secretary's signature is valid: the signed manifest was not changed",
  checkDocuments: "All {{count}} files' SHA-256 match the signed manifest",
  round: 'Review round',
  secretary: 'Secretary (signer)',
  secretaryFingerprint: "Secretary's key fingerprint",
  secretaryFingerprintChanged: "Signer's key fingerprint (not the one before)",
  expert: 'For',
  expertIsYou: 'you',
  contents: 'Contents',
  contentsValue: '{{applications}} applications, {{documents}} files, {{size}} in all',
  trusted: "Same secretary as before: the signing key matches this round's earlier package.",
  newTitle: 'First package from this secretary: check the fingerprint',
  newBody:
    "Compare the fingerprint above, group by group, with the one the secretary gave you by phone or on paper. Import only if every group matches; if any group differs, don't import, and contact the secretary.",
  newConfirm: 'I checked every group: the fingerprint is exactly the one the secretary gave me',
  changedTitle: 'Danger: this package is signed by another key and was refused',
  changedBody:
    "This round's secretary key so far is {{trusted}}, but this package is signed by a different key. Someone may be impersonating the secretary and sending you forged material. Don't use this file, and contact the secretary through another channel, such as by phone.",
  wrongExpertTitle: "This package isn't for you and can't be imported",
  wrongExpertBody: "The package is for expert {{name}} (fingerprint {{fingerprint}}), not this computer's identity. Ask the secretary for the package made for you.",
  alreadyImported: "This package's review round was imported before. Importing the same package again changes nothing.",
  openRound: 'Open that round',
  import: 'Import',
  importing: 'Importing…',
  chooseAnother: 'Choose another file',
  phase: { upload: 'Reading the file', verify: 'Decrypting and verifying', check: 'Checking PDFs', store: 'Storing files', text: 'Extracting text' },
  cancelImport: 'Cancel import',
  confirmCancel:
    'Cancel the import? Before every file is checked and stored, cancelling leaves nothing on this computer; after that it only postpones text extraction.',
  continueImport: 'Continue importing',
  imported: 'Panel package imported: {{count}} applications',
  unchanged: 'This panel package was imported before; nothing changed',
  importFailed: 'The panel package could not be imported',
  locked: 'The private keys are locked: unlock them to decrypt panel packages and sign score bundles.',
  exportScores: 'Export score bundle',
  exportTitle: 'Export score bundle',
  exportIntro: 'The score bundle is signed with your signing key and encrypted to the secretary; only the secretary can open it.',
  exportContents: 'It carries the conflict-of-interest declarations and scores recorded on this computer so far; scores are entered in the scoring sheet.',
  exportRevisions: 'You can export as often as you like: each export has a higher revision, and the secretary goes by the highest one.',
  exportApplications: 'This round has {{count}} applications.',
  export: 'Export',
  exporting: 'Signing and encrypting…',
  exportFailed: 'The score bundle could not be exported',
  filterName: 'Score bundle',
  resultTitle: 'Score bundle exported',
  fileName: 'File name',
  savedTo: 'Saved to',
  revision: 'Revision',
  reviewed: 'Reviews',
  reviewedValue: '{{reviewed}} of {{total}} applications have reviews',
  sha256: 'SHA-256',
  hashHelp:
    "The printed score sheet carries this SHA-256, so the secretary can check that the sheet you sign and the bundle they receive are the same. Give the score bundle file to the secretary.",
  downloaded: 'Downloading {{file}}',
  close: 'Close',
};

export const panelMessages = { 'zh-CN': zhCN, en } as const;

function register(): void {
  for (const [language, messages] of Object.entries(panelMessages)) {
    i18next.addResourceBundle(language, 'translation', { panel: messages }, true, true);
  }
}

// i18next has no resource store before init(): register now if it is ready, else as soon as it is.
if (i18next.isInitialized) register();
else i18next.on('initialized', register);
