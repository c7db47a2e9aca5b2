import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, InputNumber, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Expert } from '../../../../shared/domain/expert';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { useRepackageConfirm } from './useRepackageConfirm';
import './expertsMessages';

/** Panels of this programme sit with three to five experts per application; three unless fewer are enrolled. */
const DEFAULT_PER_APPLICATION = 3;

/** N and the button: every application topped up to N experts, avoiding conflicts (assignment.auto). */
export function AutoAssignControl({ roundId, experts, disabled }: { roundId: string; experts: readonly Expert[]; disabled: boolean }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const confirmRepackage = useRepackageConfirm();
  const [chosen, setChosen] = useState<number | null>(null);
  const [running, setRunning] = useState(false);
  const most = Math.max(1, Math.min(100, experts.length));
  // Until someone picks a number, the default follows the panel's size: never more experts than there are.
  const perApplication = chosen ?? Math.min(DEFAULT_PER_APPLICATION, most);

  async function run() {
    if (!(await confirmRepackage(experts))) return;
    setRunning(true);
    try {
      const { added } = await invoke('assignment.auto', { roundId, perApplication });
      void message.success(added.length === 0 ? t('experts.autoNothing') : t('experts.autoDone', { count: added.length }));
    } catch (error) {
      void message.error(describeError(translate, toCommandError(error)));
    } finally {
      setRunning(false);
    }
  }

  return (
    <Space>
      <Typography.Text>{t('experts.autoPer')}</Typography.Text>
      <InputNumber
        min={1}
        max={most}
        precision={0}
        value={perApplication}
        onChange={(value) => setChosen(value)}
        onPressEnter={() => void run()}
        aria-label={t('experts.autoPer')}
        style={{ width: 72 }}
        data-testid="auto-n"
      />
      <Tooltip title={t('experts.autoHint')}>
        <Button icon={<ThunderboltOutlined />} loading={running} disabled={disabled} onClick={() => void run()} data-testid="auto-assign">
          {t('experts.auto')}
        </Button>
      </Tooltip>
    </Space>
  );
}
