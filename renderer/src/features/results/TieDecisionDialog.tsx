import { Alert, App, Flex, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Results, ResultsApplication } from '../../../../shared/domain/results';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { applicationLabel } from '../scoring/applicationLabel';
import { ReorderList } from './ReorderList';

interface Props {
  roundId: string;
  results: Results;
  /** The tied applications to put in order; null: closed. */
  group: ResultsApplication[] | null;
  onClose(): void;
}

const TIE_FORM = 'tie-decision-form';

/**
 * Records the order the panel decided among applications the chain left tied
 * (tie.decide, audited with its reason). It counts in the ranking through the chain's
 * 'decision' step: without one, the dialog says so.
 */
export function TieDecisionDialog({ roundId, results, group, onClose }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const [order, setOrder] = useState<ResultsApplication[]>([]);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);

  useEffect(() => {
    if (group === null) return;
    setOrder(group);
    setReason('');
    setError(null);
  }, [group]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await invoke('tie.decide', { roundId, applicationIds: order.map((application) => application.id), reason });
      void message.success(t('resultsUi.tieSaved'));
      onClose();
    } catch (failure) {
      setError(toCommandError(failure));
    } finally {
      setSaving(false);
    }
  };

  const counts = results.tieBreaks.some((tieBreak) => tieBreak.kind === 'decision');
  return (
    <Modal
      open={group !== null}
      title={t('resultsUi.tieTitle')}
      onCancel={onClose}
      okText={t('resultsUi.save')}
      cancelText={t('resultsUi.cancel')}
      confirmLoading={saving}
      okButtonProps={{ htmlType: 'submit', form: TIE_FORM, disabled: reason.trim() === '' }}
      destroyOnHidden
      data-testid="tie-dialog"
    >
      <Form id={TIE_FORM} onFinish={() => void save()}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('resultsUi.tieHint')}</Typography.Text>
          {!counts && <Alert type="warning" showIcon title={t('resultsUi.tieNoDecisionStep')} />}
          <ReorderList<ResultsApplication> items={order} keyOf={(application) => application.id} render={applicationLabel} onChange={setOrder} testId="tie-order" />
          <label>
            <Typography.Text strong>{t('resultsUi.reason')}</Typography.Text>
            <Input.TextArea value={reason} onChange={(event) => setReason(event.target.value)} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="tie-reason" />
          </label>
          {error !== null && <Alert type="error" showIcon title={describeError(translate, error)} />}
        </Flex>
      </Form>
    </Modal>
  );
}
