import { Alert, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SheetApplication } from '../../../../shared/domain/scoring';
import { useScoring } from './scoringStore';

/**
 * The conflict-of-interest declaration that opens every application's sheet. Declaring
 * a conflict clears what was entered (after a confirmation that says so) and locks it.
 */
export function CoiPanel({ application }: { application: SheetApplication }) {
  const { t } = useTranslation();
  const declare = useScoring((s) => s.declare);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const { coi, applicationId } = application;

  const confirmNone = () =>
    Modal.confirm({
      title: t('scoring.coiUndeclareTitle'),
      content: t('scoring.coiUndeclareBody'),
      okText: t('scoring.coiNone'),
      cancelText: t('scoring.cancel'),
      onOk: () => declare(applicationId, { kind: 'none' }),
    });

  const dialog = (
    <Modal
      open={asking}
      title={t('scoring.coiReasonTitle')}
      okText={t('scoring.coiConfirm')}
      cancelText={t('scoring.cancel')}
      okButtonProps={{ danger: true, disabled: reason.trim() === '', htmlType: 'submit', form: 'coi-form' }}
      onCancel={() => setAsking(false)}
      destroyOnHidden
    >
      <Form
        id="coi-form"
        layout="vertical"
        onFinish={() => {
          setAsking(false);
          void declare(applicationId, { kind: 'conflict', reason: reason.trim() }).catch(() => undefined);
        }}
      >
        <Alert type="warning" showIcon message={t('scoring.coiReasonWarning')} style={{ marginBottom: 12 }} />
        <Form.Item label={t('scoring.coiReasonLabel')} required>
          <Input.TextArea autoFocus value={reason} onChange={(event) => setReason(event.target.value)} placeholder={t('scoring.coiReasonPlaceholder')} maxLength={2000} data-testid="coi-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );

  if (coi === null) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="coi-prompt"
        message={t('scoring.coiTitle')}
        description={
          <Space direction="vertical">
            {t('scoring.coiPrompt')}
            <Space wrap>
              <Button type="primary" onClick={() => void declare(applicationId, { kind: 'none' }).catch(() => undefined)} data-testid="coi-none">
                {t('scoring.coiNone')}
              </Button>
              <Button danger onClick={() => setAsking(true)} data-testid="coi-conflict">
                {t('scoring.coiConflict')}
              </Button>
            </Space>
            {dialog}
          </Space>
        }
      />
    );
  }
  if (coi.kind === 'conflict') {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="coi-locked"
        message={t('scoring.coiLocked', { reason: coi.reason })}
        action={
          <Button size="small" onClick={confirmNone}>
            {t('scoring.coiChange')}
          </Button>
        }
      />
    );
  }
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }} data-testid="coi-declared-none">
      <Alert type="success" showIcon message={t('scoring.coiDeclaredNone')} style={{ padding: '2px 8px', flex: 1 }} />
      <Button size="small" type="link" onClick={() => setAsking(true)}>
        {t('scoring.coiConflict')}
      </Button>
      {dialog}
    </div>
  );
}
