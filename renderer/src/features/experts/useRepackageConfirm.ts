import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Expert } from '../../../../shared/domain/expert';
import './expertsMessages';

/**
 * Before assignments of experts who were already sent a panel package change: a
 * confirmation that says the package must be exported and sent again. Resolves true
 * at once when none of them has a package.
 */
export function useRepackageConfirm(): (experts: readonly Expert[]) => Promise<boolean> {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return useCallback(
    (experts) => {
      const sent = experts.filter((expert) => expert.package !== null);
      if (sent.length === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        modal.confirm({
          title: t('experts.repackageTitle'),
          content: t('experts.repackageBody', { names: sent.map((expert) => expert.name).join(t('errors.listSeparator')) }),
          okText: t('experts.repackageOk'),
          cancelText: t('experts.cancel'),
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        });
      });
    },
    [modal, t],
  );
}
