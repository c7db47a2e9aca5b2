import { Alert, App, Form, Input, Modal, Radio, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../../shared/domain/application';
import type { ConflictDecisionKind } from '../../../../shared/domain/conflicts';
import type { Conflict, Expert } from '../../../../shared/domain/expert';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { applicationLabel, basesText } from './matrixLabels';
import { useRepackageConfirm } from './useRepackageConfirm';
import './expertsMessages';

export interface ConflictTarget {
  expert: Expert;
  application: Application;
  conflict: Conflict | undefined;
}

const DECIDE_FORM = 'decide-conflict-form';

/**
 * The secretary's decision on a conflict of interest: recuse (the default: the safe
 * choice), or allow with the reason on record. A recusal removes an assignment.
 */
export function DecideConflictDialog({ roundId, target, onClose }: { roundId: string; target: ConflictTarget | null; onClose(): void }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const confirmRepackage = useRepackageConfirm();
  const [decision, setDecision] = useState<ConflictDecisionKind>('recuse');
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setDecision(target?.conflict?.decision ?? 'recuse');
    setReason(target?.conflict?.reason ?? '');
  }, [target]);

  if (target === null) return null;
  const { expert, application, conflict } = target;
  const assigned = expert.applicationIds.includes(application.id);
  const reasonMissing = decision === 'allow' && reason.trim() === '';

  async function save() {
    if (target === null || reasonMissing) return;
    if (decision === 'recuse' && assigned && !(await confirmRepackage([expert]))) return;
    setSaving(true);
    try {
      await invoke('conflict.decide', { roundId, fingerprint: expert.fingerprint, applicationId: application.id, decision, reason });
      void message.success(t('experts.decided'));
      onClose();
    } catch (error) {
      void message.error(describeError(translate, toCommandError(error)));
    } finally {
      setSaving(false);
    }
  }

  const names = { expert: expert.name, application: applicationLabel(application) };
  return (
    <Modal
      open
      title={t('experts.decideTitle')}
      okText={t('experts.decide')}
      cancelText={t('experts.cancel')}
      confirmLoading={saving}
      okButtonProps={{ htmlType: 'submit', form: DECIDE_FORM, disabled: reasonMissing }}
      onCancel={onClose}
      destroyOnHidden
      data-testid="decide-dialog"
    >
      <Form
        id={DECIDE_FORM}
        layout="vertical"
        onFinish={() => void save()}
        // Enter in the reason's text area makes a new line; Ctrl+Enter records the decision.
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void save();
        }}
      >
        <Typography.Paragraph data-testid="decide-intro">
          {conflict !== undefined && conflict.bases.length > 0
            ? t('experts.decideIntro', { ...names, bases: basesText(t, conflict.bases), matched: conflict.matched.join(' / ') })
            : t('experts.decideNoFlag', names)}
        </Typography.Paragraph>
        <Form.Item label={t('experts.decision')}>
          <Radio.Group value={decision} onChange={(event) => setDecision(event.target.value as ConflictDecisionKind)} data-testid="decide-decision">
            <Radio value="recuse" data-testid="decide-recuse">
              {t('experts.recuse')}
            </Radio>
            <Radio value="allow" data-testid="decide-allow">
              {t('experts.allow')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          label={t('experts.reason')}
          required={decision === 'allow'}
          validateStatus={reasonMissing ? 'warning' : undefined}
          help={reasonMissing ? t('experts.reasonRequired') : undefined}
        >
          <Input.TextArea
            value={reason}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 5 }}
            placeholder={t(decision === 'allow' ? 'experts.reasonPlaceholderAllow' : 'experts.reasonPlaceholderRecuse')}
            onChange={(event) => setReason(event.target.value)}
            data-testid="decide-reason"
          />
        </Form.Item>
        {decision === 'recuse' && assigned && <Alert type="warning" showIcon title={t('experts.recuseUnassigns')} />}
      </Form>
    </Modal>
  );
}
