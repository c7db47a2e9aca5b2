import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Identity } from '../../../../shared/domain/identity';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { downloadText } from './download';
import { describeIdentityError } from './identityErrors';
import { useIdentity } from './identityStore';

/** Native submit by form id: see CreateRoundDialog. */
const EXPORT_FORM = 'identity-export-form';

interface FormValues {
  passphrase?: string;
}

interface KeyFile {
  fileName: string;
  content: string;
  /** Browsers add `.txt` to a text/plain file without an extension: id_ed25519 must stay as ssh-keygen names it. */
  type: string;
}

/** Names beside the key card's: `张三-3kFq9Zb1-id_ed25519`, `张三-3kFq9Zb1-age-identity.txt`. */
function keyFiles(keyCardFileName: string, keys: { sshPrivateKey: string; ageIdentity: string }): KeyFile[] {
  const base = keyCardFileName.replace(/\.prkey$/, '');
  return [
    { fileName: `${base}-id_ed25519`, content: keys.sshPrivateKey, type: 'application/octet-stream' },
    { fileName: `${base}-age-identity.txt`, content: keys.ageIdentity, type: 'text/plain' },
  ];
}

/**
 * Private keys out of the app, for stock ssh-keygen and age: first what that means,
 * then (unlocking if needed) one download button per file, each its own click so the
 * browser never blocks the second as an unasked-for download.
 */
export function ExportPrivateKeysDialog({ identity, open, onClose }: { identity: Identity; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const [form] = Form.useForm<FormValues>();
  const unlock = useIdentity((s) => s.unlock);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<KeyFile[] | null>(null);
  const needsPassphrase = !identity.unlocked && identity.protection === 'passphrase';

  function close() {
    setFiles(null);
    setError(null);
    onClose();
  }

  async function confirm({ passphrase }: FormValues) {
    setWorking(true);
    setError(null);
    try {
      if (!identity.unlocked) await unlock(passphrase);
      const [keys, card] = await Promise.all([invoke('identity.exportPrivate', {}), invoke('identity.keyCard', {})]);
      setFiles(keyFiles(card.fileName, keys));
    } catch (caught) {
      const commandError = toCommandError(caught);
      const text = describeIdentityError(translate, commandError, identity.protection);
      if (commandError.code === 'PASSPHRASE_WRONG') form.setFields([{ name: 'passphrase', errors: [text] }]);
      else setError(text);
    } finally {
      setWorking(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('identity.exportTitle')}
      okText={t('identity.exportConfirm')}
      cancelText={t(files === null ? 'ui.cancel' : 'identity.close')}
      confirmLoading={working}
      okButtonProps={{ htmlType: 'submit', form: EXPORT_FORM, danger: true, style: files === null ? undefined : { display: 'none' } }}
      onCancel={close}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('identity.exportWarning')} description={t('identity.exportUse')} style={{ marginBottom: 16 }} />
      {files === null ? (
        <Form<FormValues> name={EXPORT_FORM} form={form} layout="vertical" onFinish={(values) => void confirm(values)} preserve={false} disabled={working}>
          {needsPassphrase && (
            <Form.Item name="passphrase" label={t('identity.passphrase')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input.Password autoFocus autoComplete="current-password" maxLength={1024} data-testid="identity-export-passphrase" />
            </Form.Item>
          )}
          {error !== null && <Alert type="error" showIcon title={error} role="alert" />}
        </Form>
      ) : (
        <Flex vertical gap={8} data-testid="identity-export-files">
          <Typography.Text>{t('identity.exportFiles')}</Typography.Text>
          {files.map((file) => (
            <Button key={file.fileName} icon={<DownloadOutlined />} onClick={() => downloadText(file.fileName, file.content, file.type)}>
              <Typography.Text style={{ maxWidth: 380 }} ellipsis>
                {file.fileName}
              </Typography.Text>
            </Button>
          ))}
        </Flex>
      )}
    </Modal>
  );
}
