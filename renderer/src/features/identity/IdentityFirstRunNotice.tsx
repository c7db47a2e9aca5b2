import { ArrowRightOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../../navigation';
import { IdentityExplainer } from './IdentityExplainer';
import { useIdentity } from './identityStore';

/** On the rounds page until this data directory has an identity: what it is, and where to make one. */
export function IdentityFirstRunNotice() {
  const { t } = useTranslation();
  const identity = useIdentity((s) => s.identity);
  const load = useIdentity((s) => s.load);
  const navigate = useNavigation((s) => s.navigate);

  useEffect(() => {
    void load();
  }, [load]);

  if (identity !== null) return null;
  return (
    <div style={{ marginBottom: 16 }}>
      <IdentityExplainer
        action={
          <Button type="primary" icon={<ArrowRightOutlined />} iconPlacement="end" onClick={() => navigate({ view: 'identity' })} data-testid="identity-go-create">
            {t('identity.goCreate')}
          </Button>
        }
      />
    </div>
  );
}
