import { DesktopOutlined, IdcardOutlined, LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './identityMessages';

const points = [
  { icon: <SafetyCertificateOutlined />, key: 'identity.explainSigning' },
  { icon: <LockOutlined />, key: 'identity.explainEncryption' },
  { icon: <DesktopOutlined />, key: 'identity.explainPrivate' },
  { icon: <IdcardOutlined />, key: 'identity.explainKeyCard' },
] as const;

/** What an identity is and why it is needed, in plain words: shown until one exists. */
export function IdentityExplainer({ action }: { action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="identity-explainer" title={t('identity.explainTitle')} style={{ borderColor: '#91caff', background: '#f5faff' }}>
      <Typography.Paragraph>{t('identity.explainIntro')}</Typography.Paragraph>
      <Flex vertical gap={10} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {points.map(({ icon, key }) => (
          <Flex key={key} component="li" gap={10} align="baseline">
            <span style={{ color: '#1f4e8c', fontSize: 16 }} aria-hidden>
              {icon}
            </span>
            <Typography.Text>{t(key)}</Typography.Text>
          </Flex>
        ))}
      </Flex>
      {action !== undefined && <div style={{ marginTop: 16 }}>{action}</div>}
    </Card>
  );
}
