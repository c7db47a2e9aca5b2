import { Alert, Button, Card, Collapse, Flex, Spin, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useTranslate } from '../../i18n';
import { describeIdentityError } from './identityErrors';
import { IdentityDetails } from './IdentityDetails';
import { IdentityExplainer } from './IdentityExplainer';
import { useIdentity } from './identityStore';
import { NewIdentityForm } from './NewIdentityForm';
import './identityMessages';

/** #/identity: the first-run setup until an identity exists, then its details. */
export function IdentityPage() {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { identity, loadError, load } = useIdentity();

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Flex vertical gap={16} style={{ maxWidth: 960, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('identity.title')}
      </Typography.Title>
      {loadError !== null && (
        <Alert
          type="error"
          showIcon
          title={t('identity.loadFailed')}
          description={describeIdentityError(translate, loadError)}
          action={<Button onClick={() => void load()}>{t('ui.retry')}</Button>}
        />
      )}
      {identity === undefined && loadError === null && <Spin description={t('identity.loading')}><div style={{ height: 120 }} /></Spin>}
      {identity === null && <IdentitySetup />}
      {identity !== null && identity !== undefined && <IdentityDetails identity={identity} />}
    </Flex>
  );
}

function IdentitySetup() {
  const { t } = useTranslation();
  return (
    <>
      <IdentityExplainer />
      <Card title={t('identity.createTitle')}>
        <NewIdentityForm mode="create" />
      </Card>
      <Collapse
        data-testid="identity-import"
        items={[
          {
            key: 'import',
            label: t('identity.importTitle'),
            children: (
              <>
                <Typography.Paragraph type="secondary">{t('identity.importHint')}</Typography.Paragraph>
                <NewIdentityForm mode="import" />
              </>
            ),
          },
        ]}
      />
    </>
  );
}
