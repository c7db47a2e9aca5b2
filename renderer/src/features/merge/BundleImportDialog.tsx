import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Progress, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleImportResult } from '../../../../shared/domain/merge';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, onAppEvent, stageFile, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { describeIdentityError } from '../identity/identityErrors';
import { useUnlockToContinue } from '../identity/useUnlockToContinue';
import { ImportResults } from './ImportResults';
import { ReturnsTable } from './ReturnsTable';
import { useReturns } from './returnsStore';
import './mergeMessages';

interface Props {
  roundId: string;
  open: boolean;
  onClose(): void;
}

type Stage = 'choose' | 'working' | 'done';

interface Phase {
  phase: 'upload' | 'merge';
  done: number;
  total: number;
}

const isBundleFile = (file: File) => /\.prscores$/i.test(file.name);

/**
 * The secretary's score bundles in: several files dropped or picked at once, staged
 * (the web shell uploads them first), then `bundle.import` with a progress bar per
 * file, and a result per file — merged, unchanged or rejected with its reason — above
 * the experts' return status (未返回 / 部分返回 / 已完成).
 */
export function BundleImportDialog({ roundId, open, onClose }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { unlockThen, unlockDialog } = useUnlockToContinue();
  const { experts, loading, loadError, load } = useReturns();
  const [stage, setStage] = useState<Stage>('choose');
  const [phase, setPhase] = useState<Phase | null>(null);
  const [results, setResults] = useState<BundleImportResult[] | null>(null);
  const [notice, setNotice] = useState<{ type: 'error' | 'warning' | 'info'; title: string; description?: string } | null>(null);
  const taskId = useRef<string | null>(null);

  useEffect(() => {
    if (!open) return;
    void load(roundId);
    // Bundles merged elsewhere meanwhile (another window, the command line) show up too.
    return onAppEvent((event) => {
      if (event.type === 'changed' && event.entity === 'experts') void load(roundId);
    });
  }, [open, roundId, load]);

  function reset() {
    setStage('choose');
    setPhase(null);
    setResults(null);
    setNotice(null);
  }

  /** antd hands a multiple pick to beforeUpload one file at a time, each with the whole batch: act on the last. */
  function pick(file: File, batch: readonly File[]) {
    if (file !== batch[batch.length - 1]) return;
    const bundles = batch.filter(isBundleFile);
    const others = batch.filter((candidate) => !isBundleFile(candidate)).map((candidate) => candidate.name);
    setNotice(others.length === 0 ? null : { type: 'warning', title: t('mergeUi.notBundleFiles', { files: others.join(t('errors.listSeparator')) }) });
    if (bundles.length > 0) void stageAndImport(bundles);
  }

  async function stageAndImport(files: readonly File[]) {
    setStage('working');
    setResults(null);
    const paths: string[] = [];
    try {
      for (const [index, file] of files.entries()) {
        setPhase({ phase: 'upload', done: index, total: files.length });
        paths.push(await stageFile(file));
      }
    } catch (caught) {
      setStage('choose');
      setPhase(null);
      setNotice({ type: 'error', title: t('mergeUi.failed'), description: describeError(translate, toCommandError(caught)) });
      return;
    }
    await runImport(paths);
  }

  async function runImport(paths: readonly string[]) {
    const id = crypto.randomUUID();
    taskId.current = id;
    setStage('working');
    // A refusal of the last attempt is answered by this one; a list of files left out still holds.
    setNotice((current) => (current?.type === 'warning' ? current : null));
    setPhase({ phase: 'merge', done: 0, total: paths.length });
    const unsubscribe = onAppEvent((event) => {
      if (event.type === 'progress' && event.taskId === id) setPhase({ phase: 'merge', done: event.done, total: event.total ?? paths.length });
    });
    try {
      const { results: imported } = await invoke('bundle.import', { roundId, files: [...paths] }, { taskId: id });
      setResults(imported);
      setStage('done');
    } catch (caught) {
      const error = toCommandError(caught);
      setStage('choose');
      if (error.code === 'CANCELLED') setNotice({ type: 'info', title: t('mergeUi.stopped') });
      // Locked keys: the unlock dialog asks, and the import goes on once they are open.
      else if (error.code === 'IDENTITY_LOCKED') unlockThen(() => void runImport(paths));
      else setNotice({ type: 'error', title: t('mergeUi.failed'), description: describeIdentityError(translate, error) });
    } finally {
      unsubscribe();
      taskId.current = null;
      setPhase(null);
      void load(roundId);
    }
  }

  function close() {
    if (taskId.current !== null) void invoke('task.cancel', { taskId: taskId.current });
    reset();
    onClose();
  }

  const percent = phase === null || phase.total === 0 ? 0 : Math.floor((phase.done / phase.total) * 100);

  return (
    <Modal
      open={open}
      width={860}
      title={t('mergeUi.title')}
      onCancel={close}
      maskClosable={false}
      data-testid="bundle-import-dialog"
      footer={
        <Flex gap={8} justify="flex-end">
          {stage === 'working' && (
            <Button danger onClick={() => taskId.current !== null && void invoke('task.cancel', { taskId: taskId.current })} data-testid="bundle-import-stop">
              {t('mergeUi.stop')}
            </Button>
          )}
          {stage === 'done' && (
            <Button onClick={reset} data-testid="bundle-import-more">
              {t('mergeUi.importMore')}
            </Button>
          )}
          <Button type={stage === 'done' ? 'primary' : 'default'} onClick={close} data-testid="bundle-import-close">
            {t('mergeUi.close')}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        {stage === 'choose' && (
          <Upload.Dragger
            accept=".prscores"
            multiple
            showUploadList={false}
            beforeUpload={(file, batch) => {
              pick(file, batch);
              return Upload.LIST_IGNORE;
            }}
            data-testid="bundle-drop"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('mergeUi.dropHint')}</p>
            <p className="ant-upload-hint">{t('mergeUi.dropHintSub')}</p>
          </Upload.Dragger>
        )}
        {notice !== null && <Alert type={notice.type} showIcon title={notice.title} description={notice.description} data-testid="bundle-import-notice" />}
        {stage === 'working' && phase !== null && (
          <div data-testid="bundle-import-progress">
            <Typography.Text>{t(phase.phase === 'upload' ? 'mergeUi.uploading' : 'mergeUi.merging', { done: phase.done, total: phase.total })}</Typography.Text>
            <Progress percent={percent} status="active" />
          </div>
        )}
        {results !== null && <ImportResults results={results} />}
        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('mergeUi.returnsTitle')}
          </Typography.Title>
          {loadError !== null && <Alert type="error" showIcon title={t('mergeUi.loadFailed')} description={describeError(translate, loadError)} />}
          <ReturnsTable experts={experts} loading={loading} />
        </div>
      </Flex>
      {unlockDialog}
    </Modal>
  );
}
