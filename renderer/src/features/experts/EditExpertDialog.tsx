import { App, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Expert } from '../../../../shared/domain/expert';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import './expertsMessages';

/** Native submit by form id: Enter in any field saves. */
const EDIT_EXPERT_FORM = 'edit-expert-form';

interface FormValues {
  name: string;
  affiliation: string;
  city: string;
  province: string;
}

/** Name, affiliation and where the expert works: what conflicts of interest are checked on. */
export function EditExpertDialog({ roundId, expert, onClose }: { roundId: string; expert: Expert | null; onClose(): void }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (expert !== null) {
      form.setFieldsValue({ name: expert.name, affiliation: expert.affiliation ?? '', city: expert.city ?? '', province: expert.province ?? '' });
    }
  }, [expert, form]);

  async function save(values: FormValues) {
    if (expert === null) return;
    setSaving(true);
    try {
      await invoke('expert.update', { roundId, fingerprint: expert.fingerprint, ...values });
      void message.success(t('experts.saved'));
      onClose();
    } catch (error) {
      void message.error(describeError(translate, toCommandError(error)));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={expert !== null}
      title={t('experts.editTitle')}
      okText={t('ui.save')}
      cancelText={t('ui.cancel')}
      confirmLoading={saving}
      okButtonProps={{ htmlType: 'submit', form: EDIT_EXPERT_FORM }}
      onCancel={onClose}
      destroyOnHidden
      data-testid="edit-expert-dialog"
    >
      <Typography.Paragraph type="secondary">{t('experts.editHint')}</Typography.Paragraph>
      <Form<FormValues> id={EDIT_EXPERT_FORM} form={form} layout="vertical" onFinish={(values) => void save(values)} preserve={false}>
        <Form.Item name="name" label={t('experts.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="affiliation" label={t('experts.affiliation')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="city" label={t('experts.city')}>
          <Input maxLength={100} autoFocus data-testid="edit-expert-city" />
        </Form.Item>
        <Form.Item name="province" label={t('experts.province')}>
          <Input maxLength={100} data-testid="edit-expert-province" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
