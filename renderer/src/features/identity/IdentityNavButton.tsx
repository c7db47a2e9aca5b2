import { IdcardOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../../navigation';
import './identityMessages';

/** The header's way to #/identity: a real button, so Tab and Enter reach it. */
export function IdentityNavButton() {
  const { t } = useTranslation();
  const current = useNavigation((s) => s.route.view === 'identity');
  const navigate = useNavigation((s) => s.navigate);
  return (
    <Button
      type="text"
      icon={<IdcardOutlined />}
      onClick={() => navigate({ view: 'identity' })}
      aria-current={current ? 'page' : undefined}
      data-testid="nav-identity"
      style={{ color: '#fff', background: current ? 'rgba(255,255,255,0.18)' : undefined }}
    >
      {t('identity.nav')}
    </Button>
  );
}
