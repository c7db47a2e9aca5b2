import type { ScoreSheetApplication } from '../../../../shared/domain/report/scoreSheet';

/**
 * How numbers, times and applications read on the printed sheet. Kept apart from the
 * layout so the text tests can compute what to expect the same way.
 */

/** A score as people write it: 17.5, 18, never 17.500000000000004 from a sum of decimal steps. */
export function formatNumber(value: number): string {
  return String(Number(value.toFixed(4)));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, minutes: what the expert's own clock showed at the export. */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** As the lists in the app name it: city (province), else the applicant, else the secretary's id. */
export function applicationName(application: Pick<ScoreSheetApplication, 'city' | 'province' | 'applicant' | 'sourceApplicationId'>): string {
  if (application.city !== null) return application.province === null ? application.city : `${application.city}（${application.province}）`;
  return application.applicant ?? application.sourceApplicationId;
}
