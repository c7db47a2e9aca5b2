import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Modal, Progress, Spin, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import type { PanelInspectOutput } from '../../../../shared/domain/expertRound';
import { invoke, onAppEvent, stageFile, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { describeIdentityError } from '../identity/identityErrors';
import { useUnlockToContinue } from '../identity/useUnlockToContinue';
import { PanelVerification, verdictOf } from './PanelVerification';
import './panelMessages';

interface Props {
  open: boolean;
  onClose(): void;
  /** The expert round the package is (or was already) imported as. */
  onImported(roundId: string): void;
}

type Stage = 'choose' | 'reading' | 'inspected' | 'importing';

interface Phase {
  phase: 'upload' | 'verify' | 'check' | 'store' | 'text';
  done: number;
  total: number | null;
}

const isPanelFile = (file: File) => /\.prpanel$/i.test(file.name);

/**
 * A panel package in, in two steps: `panel.inspect` decrypts and verifies it and stores
 * nothing, and the person sees who signed it (the fingerprint to check by phone on first
 * use); only then `panel.import`, bound to the fingerprint they saw, with progress and
 * a cancel that asks first.
 */
export function PanelImportDialog({ open, onClose, onImported }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message, modal } = App.useApp();
  const { unlockThen, unlockDialog } = useUnlockToContinue();
  const [stage, setStage] = useState<Stage>('choose');
  const [fileName, setFileName] = useState<string | null>(null);
  const [stagedPath, setStagedPath] = useState<string | null>(null);
  const [inspected, setInspected] = useState<PanelInspectOutput | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [phase, setPhase] = useState<Phase | null>(null);
  const [error, setError] = useState<{ title: string; text: string } | null>(null);
  const taskId = useRef<string | null>(null);

  function reset() {
    setStage('choose');
    setFileName(null);
    setStagedPath(null);
    setInspected(null);
    setConfirmed(false);
    setPhase(null);
    setError(null);
  }

  function showError(title: string, commandError: CommandError) {
    setError({ title, text: describeIdentityError(translate, commandError) });
  }

  async function pick(file: File) {
    reset();
    setFileName(file.name);
    if (!isPanelFile(file)) {
      setError({ title: t('panel.inspectFailed'), text: t('panel.notPanelFile', { file: file.name }) });
      return;
    }
    setStage('reading');
    try {
      const path = await stageFile(file, (sent, total) => setPhase({ phase: 'upload', done: sent, total }));
      setStagedPath(path);
      await inspect(path);
    } catch (caught) {
      setStage('choose');
      showError(t('panel.inspectFailed'), toCommandError(caught));
    }
  }

  async function inspect(path: string) {
    setStage('reading');
    setPhase(null);
    setError(null);
    try {
      setInspected(await invoke('panel.inspect', { file: path }));
      setConfirmed(false);
      setStage('inspected');
    } catch (caught) {
      const commandError = toCommandError(caught);
      setStage('choose');
      showError(t('panel.inspectFailed'), commandError);
      if (commandError.code === 'IDENTITY_LOCKED') unlockThen(() => void inspect(path));
    }
  }

  async function runImport() {
    if (stagedPath === null || inspected === null) return;
    const id = crypto.randomUUID();
    taskId.current = id;
    setStage('importing');
    setError(null);
    setPhase({ phase: 'verify', done: 0, total: null });
    const unsubscribe = onAppEvent((event) => {
      if (event.type === 'progress' && event.taskId === id) setPhase({ phase: event.phase as Phase['phase'], done: event.done, total: event.total });
    });
    try {
      const result = await invoke('panel.import', { file: stagedPath, expectSecretary: inspected.secretary.fingerprint }, { taskId: id });
      if (result.status === 'unchanged') void message.info(t('panel.unchanged'));
      else void message.success(t('panel.imported', { count: result.applications }));
      reset();
      onImported(result.roundId);
    } catch (caught) {
      const commandError = toCommandError(caught);
      setStage('inspected');
      if (commandError.code !== 'CANCELLED') showError(t('panel.importFailed'), commandError);
      if (commandError.code === 'IDENTITY_LOCKED') unlockThen(() => void runImport());
    } finally {
      unsubscribe();
      taskId.current = null;
      setPhase(null);
    }
  }

  function requestClose() {
    if (stage !== 'importing') {
      reset();
      onClose();
      return;
    }
    modal.confirm({
      title: t('panel.cancelImport'),
      content: t('panel.confirmCancel'),
      okText: t('panel.cancelImport'),
      okButtonProps: { danger: true },
      cancelText: t('panel.continueImport'),
      onOk: () => {
        if (taskId.current !== null) void invoke('task.cancel', { taskId: taskId.current });
      },
    });
  }

  const verdict = inspected === null ? null : verdictOf(inspected);
  const importable = verdict === 'trusted' || (verdict === 'confirm' && confirmed);
  const percent = phase !== null && phase.total !== null && phase.total > 0 ? Math.floor((phase.done / phase.total) * 100) : 0;

  return (
    <Modal
      open={open}
      width={760}
      title={t('panel.importTitle')}
      onCancel={requestClose}
      maskClosable={false}
      data-testid="panel-import-dialog"
      footer={
        <Flex gap={8} justify="flex-end">
          {stage === 'inspected' && (
            <Button onClick={reset} data-testid="panel-choose-another">
              {t('panel.chooseAnother')}
            </Button>
          )}
          <Button onClick={requestClose} data-testid="panel-import-cancel">
            {stage === 'importing' ? t('panel.cancelImport') : t('ui.cancel')}
          </Button>
          {(stage === 'inspected' || stage === 'importing') && (
            <Button type="primary" disabled={!importable} loading={stage === 'importing'} onClick={() => void runImport()} data-testid="panel-import-start">
              {stage === 'importing' ? t('panel.importing') : t('panel.import')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        {stage === 'choose' && (
          <Upload.Dragger
            accept=".prpanel"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              void pick(file);
              return Upload.LIST_IGNORE;
            }}
            data-testid="panel-drop"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('panel.dropHint')}</p>
            <p className="ant-upload-hint">{t('panel.dropHintSub')}</p>
          </Upload.Dragger>
        )}
        {stage === 'reading' && (
          <Flex vertical align="center" gap={12} style={{ padding: 32 }} data-testid="panel-inspecting">
            <Spin />
            <Typography.Text>{phase?.phase === 'upload' ? t('panel.uploading') : t('panel.inspecting')}</Typography.Text>
            {fileName !== null && <Typography.Text type="secondary">{fileName}</Typography.Text>}
          </Flex>
        )}
        {error !== null && <Alert type="error" showIcon title={error.title} description={error.text} data-testid="panel-import-error" />}
        {inspected !== null && (stage === 'inspected' || stage === 'importing') && (
          <>
            {fileName !== null && (
              <Typography.Text type="secondary" data-testid="panel-file-name">
                {fileName}
              </Typography.Text>
            )}
            {inspected.importedRoundId !== null && verdict !== 'changed' && verdict !== 'wrong-expert' && (
              <Alert
                type="info"
                showIcon
                title={t('panel.alreadyImported')}
                data-testid="panel-already-imported"
                action={
                  <Button
                    size="small"
                    onClick={() => {
                      const roundId = inspected.importedRoundId ?? '';
                      reset();
                      onImported(roundId);
                    }}
                  >
                    {t('panel.openRound')}
                  </Button>
                }
              />
            )}
            <PanelVerification inspected={inspected} confirmed={confirmed} onConfirm={setConfirmed} />
          </>
        )}
        {stage === 'importing' && phase !== null && (
          <div data-testid="panel-import-progress">
            <Typography.Text>{t(`panel.phase.${phase.phase}`)}</Typography.Text>
            <Progress percent={percent} status="active" format={() => (phase.total === null ? '' : `${phase.done}/${phase.total}`)} />
          </div>
        )}
      </Flex>
      {unlockDialog}
    </Modal>
  );
}
