import { type MessagesLike, registerFeatureMessages } from '../../i18n';

/**
 * The About view's messages, under the `about` key of the translation namespace (like
 * identityMessages.ts). zh-CN first; `en` must have the same keys (the type checker enforces it).
 */
const zhCN = {
  nav: '关于',
  title: '关于专家评审',
  version: '版本',
  commit: '构建提交',
  builtAt: '构建时间',
  unknown: '未知',
  schemaVersion: '数据库结构版本',
  dataDir: '数据目录',
  dataDirHelp: '数据库、评审文档和身份密钥（keys/ 文件夹）都在这里。备份时请复制整个文件夹。',
  fingerprint: '我的密钥指纹',
  noIdentity: '尚未创建',
  transport: '运行方式',
  licensesTitle: '第三方组件及其许可证',
  licensesHelp: '本程序包含以下开源组件，各自按其许可证发布；许可证全文见各组件所附的许可证文件。',
  search: '按名称或许可证筛选',
  name: '组件',
  licenseVersion: '版本',
  license: '许可证',
  licenseFile: '许可证文件',
  licensesFailed: '无法读取组件清单（开发模式下不生成）。',
  count: '共 {{count}} 个组件',
} as const;

const en: MessagesLike<typeof zhCN> = {
  nav: 'About',
  title: 'About Panel Review',
  version: 'Version',
  commit: 'Build commit',
  builtAt: 'Built',
  unknown: 'unknown',
  schemaVersion: 'Database schema version',
  dataDir: 'Data directory',
  dataDirHelp: 'The database, the review documents and the identity keys (the keys/ folder) are all here. To back up, copy the whole folder.',
  fingerprint: 'My key fingerprint',
  noIdentity: 'none yet',
  transport: 'Running as',
  licensesTitle: 'Third-party components and their licences',
  licensesHelp: 'This program contains the following open-source components, each released under its own licence; the full texts are in each component’s licence file.',
  search: 'Filter by name or licence',
  name: 'Component',
  licenseVersion: 'Version',
  license: 'Licence',
  licenseFile: 'Licence file',
  licensesFailed: 'The component list could not be read (it is not generated in development mode).',
  count: '{{count}} components',
};

export const aboutMessages = { 'zh-CN': zhCN, en } as const;

registerFeatureMessages('about', aboutMessages);
