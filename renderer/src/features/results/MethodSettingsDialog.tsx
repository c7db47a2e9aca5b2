import { Alert, App, Flex, Form, type GetRef, Input, Modal, Radio } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import { officialMethods, type OfficialMethod } from '../../../../shared/domain/results';
import type { ResultsConfig } from '../../../../shared/domain/results/resultsCommands';
import type { Rubric } from '../../../../shared/domain/rubric';
import type { TieBreak } from '../../../../shared/domain/statistics';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { useRubricLabels } from './rubricLabels';
import { TieBreakEditor } from './TieBreakEditor';

const SETTINGS_FORM = 'results-settings-form';

interface Props {
  roundId: string;
  config: ResultsConfig;
  rubric: Rubric;
  open: boolean;
  onClose(): void;
}

const sameChain = (a: readonly TieBreak[], b: readonly TieBreak[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The official method and the tie-break chain (method.set). Meant to be fixed before the
 * first merge; once bundles are merged a method change needs a reason, which the audit
 * log keeps — the field appears then, and the back end insists (METHOD_REASON_REQUIRED).
 */
export function MethodSettingsDialog({ roundId, config, rubric, open, onClose }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const labels = useRubricLabels(rubric);
  const [method, setMethod] = useState<OfficialMethod>(config.officialMethod);
  const [chain, setChain] = useState<TieBreak[]>([...config.tieBreaks]);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);
  const reasonField = useRef<GetRef<typeof Input.TextArea>>(null);

  useEffect(() => {
    if (!open) return;
    setMethod(config.officialMethod);
    setChain([...config.tieBreaks]);
    setReason('');
    setError(null);
  }, [open, config]);

  const methodChanged = method !== config.officialMethod;
  const chainChanged = !sameChain(chain, config.tieBreaks);
  const reasonNeeded = config.merged && methodChanged;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await invoke('method.set', {
        roundId,
        ...(methodChanged ? { officialMethod: method } : {}),
        ...(chainChanged ? { tieBreaks: chain } : {}),
        ...(reason.trim() === '' ? {} : { reason }),
      });
      void message.success(t('resultsUi.settingsSaved'));
      onClose();
    } catch (failure) {
      const refused = toCommandError(failure);
      setError(refused);
      if (refused.code === 'METHOD_REASON_REQUIRED') reasonField.current?.focus();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('resultsUi.settingsTitle')}
      onCancel={onClose}
      okText={t('resultsUi.save')}
      cancelText={t('resultsUi.cancel')}
      confirmLoading={saving}
      okButtonProps={{ htmlType: 'submit', form: SETTINGS_FORM, disabled: (!methodChanged && !chainChanged) || (reasonNeeded && reason.trim() === '') }}
      width={640}
      destroyOnHidden
      data-testid="results-settings-dialog"
    >
      <Form id={SETTINGS_FORM} layout="vertical" onFinish={() => void save()}>
        <Form.Item label={t('resultsUi.officialMethod')} extra={t('resultsUi.officialMethodHint')}>
          <Radio.Group value={method} onChange={(event) => setMethod(event.target.value as OfficialMethod)} data-testid="settings-method">
            <Flex vertical gap={4}>
              {officialMethods.map((value) => (
                <Radio key={value} value={value} data-testid={`settings-method-${value}`}>
                  {t(`method.${value}`)}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('resultsUi.tieBreaks')} extra={t('resultsUi.tieBreaksHint')}>
          <TieBreakEditor chain={chain} rubric={rubric} labels={labels} onChange={setChain} />
        </Form.Item>
        {config.merged && (
          <Form.Item
            label={t('resultsUi.reason')}
            required={reasonNeeded}
            validateStatus={reasonNeeded && reason.trim() === '' ? 'warning' : undefined}
            help={reasonNeeded ? t('resultsUi.reasonRequired') : t('resultsUi.reasonOptional')}
          >
            <Input.TextArea
              ref={reasonField}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              data-testid="settings-reason"
            />
          </Form.Item>
        )}
        {error !== null && <Alert type="error" showIcon title={describeError(translate, error)} data-testid="settings-error" />}
      </Form>
    </Modal>
  );
}
