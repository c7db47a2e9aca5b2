import type { Translate } from '../../../../shared/i18n/describeError';
import type { DocumentBuilder } from './documentBuilder';
import type { OpinionSummary, SummaryExpert } from './opinionSummary';

/**
 * What every part of the opinion summary's layout shares: the document, the data, the
 * translator, and each expert's number on the panel ("专家 3" is the same person on
 * every page: in the criteria tables' columns and above each opinion).
 */
export interface ReportContext {
  builder: DocumentBuilder;
  summary: OpinionSummary;
  t: Translate;
  /** 1-based, in panel order. */
  expertNumber: (fingerprint: string) => number;
  expert: (fingerprint: string) => SummaryExpert;
}

export function reportContext(builder: DocumentBuilder, summary: OpinionSummary, t: Translate): ReportContext {
  const numbers = new Map(summary.experts.map((expert, index) => [expert.fingerprint, index + 1]));
  const byFingerprint = new Map(summary.experts.map((expert) => [expert.fingerprint, expert]));
  return {
    builder,
    summary,
    t,
    // An expert missing from the panel list (removed after returning a bundle) still gets a number and a name.
    expertNumber: (fingerprint) => {
      if (!numbers.has(fingerprint)) numbers.set(fingerprint, numbers.size + 1);
      return numbers.get(fingerprint) ?? 0;
    },
    expert: (fingerprint) => byFingerprint.get(fingerprint) ?? { fingerprint, name: fingerprint.slice(0, 16), affiliation: null },
  };
}

/** "王喆（某某大学）" / "Wang Zhe (Some University)". */
export function expertWithAffiliation(context: ReportContext, fingerprint: string): string {
  const expert = context.expert(fingerprint);
  if (expert.affiliation === null || expert.affiliation === '') return expert.name;
  return context.summary.language === 'zh-CN' ? `${expert.name}（${expert.affiliation}）` : `${expert.name} (${expert.affiliation})`;
}
