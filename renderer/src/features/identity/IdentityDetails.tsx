import { DownloadOutlined, ExportOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Identity } from '../../../../shared/domain/identity';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { downloadText } from './download';
import { ExportPrivateKeysDialog } from './ExportPrivateKeysDialog';
import { FingerprintDisplay, MONOSPACE } from './FingerprintDisplay';
import { describeIdentityError } from './identityErrors';
import { useIdentity } from './identityStore';
import { UnlockDialog } from './UnlockDialog';

const keyStyle = { fontFamily: MONOSPACE, fontSize: 13, wordBreak: 'break-all' } as const;

/** This data directory's identity: who, the fingerprint to check by phone, the key card, lock state. */
export function IdentityDetails({ identity }: { identity: Identity }) {
  const { t, i18n } = useTranslation();
  const [unlocking, setUnlocking] = useState(false);
  const [exporting, setExporting] = useState(false);
  const created = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(identity.createdAt));

  return (
    <Flex vertical gap={16}>
      <Card title={identity.name} extra={<LockState identity={identity} onUnlock={() => setUnlocking(true)} />} data-testid="identity-details">
        <Descriptions column={1} bordered size="middle" styles={{ label: { width: 200 } }}>
          <Descriptions.Item label={t('identity.name')}>{identity.name}</Descriptions.Item>
          <Descriptions.Item label={t('identity.affiliationLabel')}>
            {identity.affiliation ?? <Typography.Text type="secondary">{t('identity.notGiven')}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('identity.createdAt')}>{created}</Descriptions.Item>
          <Descriptions.Item label={t('identity.fingerprint')}>
            <FingerprintDisplay fingerprint={identity.fingerprint} />
          </Descriptions.Item>
          <Descriptions.Item label={t('identity.ageRecipient')}>
            <Typography.Text copyable style={keyStyle} data-testid="identity-age-recipient">
              {identity.ageRecipient}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('identity.sshPublicKey')}>
            <Typography.Text copyable style={keyStyle} data-testid="identity-ssh-public-key">
              {identity.sshPublicKey}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('identity.protection')}>
            {t(identity.protection === 'os' ? 'identity.protectionOs' : 'identity.protectionPassphrase')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('identity.keyCardTitle')}>
        <Typography.Paragraph>{t('identity.keyCardHint')}</Typography.Paragraph>
        <Flex gap={12} wrap>
          <KeyCardDownload protection={identity.protection} />
          <Button icon={<ExportOutlined />} onClick={() => setExporting(true)} data-testid="identity-export-private">
            {t('identity.exportPrivate')}
          </Button>
        </Flex>
      </Card>
      <UnlockDialog open={unlocking} onClose={() => setUnlocking(false)} />
      <ExportPrivateKeysDialog identity={identity} open={exporting} onClose={() => setExporting(false)} />
    </Flex>
  );
}

function LockState({ identity, onUnlock }: { identity: Identity; onUnlock(): void }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const lock = useIdentity((s) => s.lock);
  const unlock = useIdentity((s) => s.unlock);

  async function run(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      void message.success(t(done));
    } catch (error) {
      void message.error(describeIdentityError(translate, toCommandError(error), identity.protection));
    }
  }

  // OS-sealed keys open without a passphrase: unlock asks for nothing.
  const startUnlock = identity.protection === 'passphrase' ? onUnlock : () => void run(() => unlock(undefined), 'identity.unlockedMessage');
  return (
    <Flex gap={8} align="center">
      <Typography.Text type="secondary">{t('identity.status')}</Typography.Text>
      <Tag color={identity.unlocked ? 'green' : 'default'} icon={identity.unlocked ? <UnlockOutlined /> : <LockOutlined />} data-testid="identity-lock-state">
        {t(identity.unlocked ? 'identity.unlocked' : 'identity.locked')}
      </Tag>
      {identity.unlocked ? (
        <Button size="small" icon={<LockOutlined />} onClick={() => void run(lock, 'identity.lockedMessage')} data-testid="identity-lock">
          {t('identity.lock')}
        </Button>
      ) : (
        <Button size="small" type="primary" icon={<UnlockOutlined />} onClick={startUnlock} data-testid="identity-unlock">
          {t('identity.unlock')}
        </Button>
      )}
    </Flex>
  );
}

function KeyCardDownload({ protection }: { protection: Identity['protection'] }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    try {
      const card = await invoke('identity.keyCard', {});
      downloadText(card.fileName, card.content, 'application/json');
      void message.success(t('identity.keyCardDownloaded', { file: card.fileName }));
    } catch (error) {
      void message.error(describeIdentityError(translate, toCommandError(error), protection));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button type="primary" icon={<DownloadOutlined />} loading={busy} onClick={() => void download()} data-testid="identity-download-key-card">
      {t('identity.downloadKeyCard')}
    </Button>
  );
}
