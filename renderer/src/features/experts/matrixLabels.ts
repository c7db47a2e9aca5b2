import type { TFunction } from 'i18next';
import type { Application } from '../../../../shared/domain/application';
import type { ConflictBasis } from '../../../../shared/domain/conflicts';
import './expertsMessages';

/** How an application is named in the matrix and dialogs: its city, else its applicant, else its id. */
export function applicationLabel(application: Application): string {
  return application.city ?? application.applicant ?? application.id;
}

/** 同城市、同省份 / same city, same province. */
export function basesText(t: TFunction, bases: readonly ConflictBasis[]): string {
  return bases.map((basis) => t(`experts.basis.${basis}`)).join(t('errors.listSeparator'));
}
