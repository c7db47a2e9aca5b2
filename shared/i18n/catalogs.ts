import type { Language } from '../domain/language';
import { en } from './en';
import { type Catalog, zhCN } from './zh-CN';

export type { Catalog };
export const catalogs: Record<Language, Catalog> = { 'zh-CN': zhCN, en };
