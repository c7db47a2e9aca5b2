import { Form, Input, Modal, message } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../../shared/domain/application';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';

/** Native submit by form id: see CreateRoundDialog. */
const EDIT_APPLICATION_FORM = 'edit-application-form';

interface FormValues {
  city: string;
  province: string;
  applicant: string;
}

/** City, province and applicant of an imported package, corrected after the fact. */
export function EditApplicationDialog({ application, onClose }: { application: Application | null; onClose(): void }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (application !== null) {
      form.setFieldsValue({ city: application.city ?? '', province: application.province ?? '', applicant: application.applicant ?? '' });
    }
  }, [application, form]);

  async function save(values: FormValues) {
    if (application === null) return;
    setSaving(true);
    try {
      await invoke('application.update', { applicationId: application.id, ...values });
      void message.success(t('ui.saved'));
      onClose();
    } catch (error) {
      void message.error(describeError(translate, toCommandError(error)));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={application !== null}
      title={t('ui.editApplication')}
      okText={t('ui.save')}
      cancelText={t('ui.cancel')}
      confirmLoading={saving}
      okButtonProps={{ htmlType: 'submit', form: EDIT_APPLICATION_FORM }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<FormValues> id={EDIT_APPLICATION_FORM} form={form} layout="vertical" onFinish={(values) => void save(values)} preserve={false}>
        <Form.Item name="city" label={t('ui.city')}>
          <Input maxLength={200} autoFocus data-testid="edit-city" />
        </Form.Item>
        <Form.Item name="province" label={t('ui.province')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="applicant" label={t('ui.applicant')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
