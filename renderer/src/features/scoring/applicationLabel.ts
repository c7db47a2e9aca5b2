import type { Application } from '../../../../shared/domain/application';

/** How an application is named in lists: its city (and province), else its applicant, else its id. */
export function applicationLabel(application: Pick<Application, 'id' | 'city' | 'province' | 'applicant'>): string {
  if (application.city !== null) return application.province === null ? application.city : `${application.city}（${application.province}）`;
  return application.applicant ?? application.id;
}
