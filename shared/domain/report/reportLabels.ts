import type { Translate } from '../../i18n/describeError';
import type { Language } from '../language';
import type { Criterion, Rubric, Section } from '../rubric';
import type { ReportExpert } from './reportData';

/** Names in a report, in its language: the same words in every format. */

/** Printed for "no figure" (an incomplete or missing total), never 0. */
export const NO_FIGURE = '—';

/** As lists in the app name an application: city (province), else the applicant, else its id. */
export function applicationName(application: { id: string; city: string | null; province: string | null; applicant: string | null }): string {
  if (application.city !== null) return application.province === null ? application.city : `${application.city}（${application.province}）`;
  return application.applicant ?? application.id;
}

export function titleIn(language: Language, item: Pick<Criterion | Section, 'title' | 'titleEn'>): string {
  return language === 'en' ? (item.titleEn ?? item.title) : item.title;
}

export function recommendationLabel(rubric: Rubric, id: string, language: Language, t: Translate): string {
  const own = rubric.recommendationLabels?.[id];
  if (own !== undefined) return language === 'en' ? (own.titleEn ?? own.title) : own.title;
  return t(`recommendation.${id}`, { defaultValue: id });
}

/** Column headers for the experts: their names, with a fingerprint prefix where two share one. */
export function expertHeaders(experts: readonly ReportExpert[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const expert of experts) counts.set(expert.name, (counts.get(expert.name) ?? 0) + 1);
  return new Map(experts.map((expert) => [expert.fingerprint, (counts.get(expert.name) ?? 0) > 1 ? `${expert.name} ${expert.fingerprint.slice(7, 15)}` : expert.name]));
}

/** Decimals a step needs: 1 → 0, 0.5 → 1, 0.25 → 2. Scores never need more than 4. */
export function decimalsOf(step: number): number {
  for (let decimals = 0; decimals < 4; decimals += 1) {
    const scaled = step * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9) return decimals;
  }
  return 4;
}
