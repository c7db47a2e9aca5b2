import { Form, Input, Modal, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { describeIdentityError } from './identityErrors';
import { useIdentity } from './identityStore';

/** Native submit by form id: see CreateRoundDialog. */
const UNLOCK_FORM = 'identity-unlock-form';

interface FormValues {
  passphrase: string;
}

/** The passphrase, once per run, before the app may sign or decrypt. */
export function UnlockDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const [form] = Form.useForm<FormValues>();
  const unlock = useIdentity((s) => s.unlock);
  const [unlocking, setUnlocking] = useState(false);

  async function submit({ passphrase }: FormValues) {
    setUnlocking(true);
    try {
      await unlock(passphrase);
      void message.success(t('identity.unlockedMessage'));
      onClose();
    } catch (error) {
      form.setFields([{ name: 'passphrase', errors: [describeIdentityError(translate, toCommandError(error))] }]);
    } finally {
      setUnlocking(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('identity.unlockTitle')}
      okText={t('identity.unlock')}
      cancelText={t('ui.cancel')}
      confirmLoading={unlocking}
      okButtonProps={{ htmlType: 'submit', form: UNLOCK_FORM }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('identity.unlockHint')}</Typography.Paragraph>
      <Form<FormValues> name={UNLOCK_FORM} form={form} layout="vertical" onFinish={(values) => void submit(values)} preserve={false} disabled={unlocking}>
        <Form.Item name="passphrase" label={t('identity.passphrase')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoFocus autoComplete="current-password" maxLength={1024} data-testid="identity-unlock-passphrase" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
