import { CheckCircleFilled, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Flex, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { sheetProgress } from '../../../../shared/domain/sheetProgress';
import { useTranslation } from 'react-i18next';
import { canChooseSavePath, chooseSavePath, invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { downloadBase64 } from '../identity/download';
import { MONOSPACE } from '../identity/FingerprintDisplay';
import { describeIdentityError } from '../identity/identityErrors';
import { useIdentity } from '../identity/identityStore';
import { useUnlockToContinue } from '../identity/useUnlockToContinue';
import './panelMessages';
import './scoreSheetMessages';
import { useApplications } from '../applications/applicationStore';
import { applicationLabel } from '../scoring/applicationLabel';
import { useScoring } from '../scoring/scoringStore';

interface Props {
  roundId: string;
  roundName: string;
  /** How many applications the round holds, for "N of M". */
  applications: number;
  open: boolean;
  onClose(): void;
  /** Offered once a bundle is out: the score sheet to sign goes with it. */
  onPrintSheet?: () => void;
}

interface Exported {
  fileName: string;
  /** Where the desktop app wrote it; null for a browser download. */
  savedTo: string | null;
  revision: number;
  sha256: string;
  /** How many applications the bundle reviews, when the back end says. */
  reviewed: number | null;
}

/** Forbidden in file names on Windows or anywhere: the suggestion for the save dialog. */
const suggestedName = (roundName: string, expertName: string | undefined) =>
  // eslint-disable-next-line no-control-regex
  `${[roundName, expertName].filter((part) => part !== undefined && part !== '').join('-')}.prscores`.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_');

/**
 * The expert's score bundle out: first what it carries and that exports can repeat, then
 * a save dialog (desktop) or a browser download (web shell), then the result with the
 * revision and the SHA-256 the printed score sheet carries.
 */
export function ScoresExportDialog({ roundId, roundName, applications, open, onClose, onPrintSheet }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const { unlockThen, unlockDialog } = useUnlockToContinue();
  const expertName = useIdentity((s) => s.identity?.name);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<Exported | null>(null);
  const sheet = useScoring((s) => (s.roundId === roundId ? s.sheet : null));
  const loadSheet = useScoring((s) => s.load);
  const flushScores = useScoring((s) => s.flush);
  const listed = useApplications((s) => s.applications);
  useEffect(() => {
    if (open) void loadSheet(roundId);
  }, [open, roundId, loadSheet]);
  // Applications not finished: the bundle can still go (a partial return), but not unnoticed.
  const unfinished = (sheet === null ? [] : sheet.applications).flatMap((application) => {
    if (sheet === null) return [];
    const progress = sheetProgress(sheet.rubric, application);
    if (progress.state === 'complete' || progress.state === 'conflict') return [];
    const listing = listed.find((a) => a.id === application.applicationId);
    const name = listing === undefined ? application.applicationId : applicationLabel(listing);
    return [progress.state === 'undeclared' ? t('panel.unfinishedUndeclared', { name }) : t('panel.unfinishedMissing', { name, count: progress.missing.length + (progress.recommendationMissing ? 1 : 0) })];
  });

  function close() {
    setError(null);
    setExported(null);
    onClose();
  }

  async function exportBundle() {
    setWorking(true);
    setError(null);
    try {
      // What was typed a moment ago goes into the bundle too.
      await flushScores();
      if (canChooseSavePath) {
        const outFile = await chooseSavePath({ suggestedName: suggestedName(roundName, expertName), filterName: t('panel.filterName'), extensions: ['prscores'] });
        if (outFile === null) return;
        const written = await invoke('scores.export', { roundId, outFile });
        setExported({ fileName: written.file.split(/[\\/]/).pop() ?? written.file, savedTo: written.file, revision: written.revision, sha256: written.sha256, reviewed: null });
      } else {
        const bundle = await invoke('scores.exportForDownload', { roundId });
        downloadBase64(bundle.fileName, bundle.contentBase64, 'application/octet-stream');
        void message.success(t('panel.downloaded', { file: bundle.fileName }));
        setExported({ fileName: bundle.fileName, savedTo: null, revision: bundle.revision, sha256: bundle.sha256, reviewed: bundle.applications });
      }
    } catch (caught) {
      const commandError = toCommandError(caught);
      setError(describeIdentityError(translate, commandError));
      if (commandError.code === 'IDENTITY_LOCKED') unlockThen(() => void exportBundle());
    } finally {
      setWorking(false);
    }
  }

  return (
    <Modal
      open={open}
      width={680}
      title={
        exported === null ? (
          t('panel.exportTitle')
        ) : (
          <span>
            <CheckCircleFilled style={{ color: '#389e0d', marginInlineEnd: 8 }} />
            {t('panel.resultTitle')}
          </span>
        )
      }
      onCancel={close}
      maskClosable={false}
      destroyOnHidden
      data-testid="scores-export-dialog"
      footer={
        exported === null ? (
          <Flex gap={8} justify="flex-end">
            <Button onClick={close}>{t('ui.cancel')}</Button>
            <Button type="primary" loading={working} onClick={() => void exportBundle()} data-testid="scores-export-start">
              {working ? t('panel.exporting') : t('panel.export')}
            </Button>
          </Flex>
        ) : (
          <Flex gap={8} justify="flex-end">
            {onPrintSheet !== undefined && (
              <Button
                icon={<PrinterOutlined />}
                onClick={() => {
                  close();
                  onPrintSheet();
                }}
                data-testid="scores-export-print-sheet"
              >
                {t('scoreSheetUi.open')}
              </Button>
            )}
            <Button type="primary" onClick={close} data-testid="scores-export-close">
              {t('panel.close')}
            </Button>
          </Flex>
        )
      }
    >
      {exported === null ? (
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('panel.exportIntro')}</Typography.Paragraph>
          <Alert
            type="info"
            showIcon
            title={t('panel.exportContents')}
            description={
              <>
                {t('panel.exportApplications', { count: applications })} {t('panel.exportRevisions')}
              </>
            }
            data-testid="scores-export-notice"
          />
          {unfinished.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('panel.unfinishedTitle', { count: unfinished.length })}
              description={
                <>
                  <ul style={{ margin: '4px 0', paddingInlineStart: 18 }}>
                    {unfinished.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                  {t('panel.unfinishedHint')}
                </>
              }
              data-testid="scores-export-unfinished"
            />
          )}
          {error !== null && <Alert type="error" showIcon title={t('panel.exportFailed')} description={error} data-testid="scores-export-error" />}
        </Flex>
      ) : (
        <Flex vertical gap={16} data-testid="scores-export-result">
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 120 } }}>
            <Descriptions.Item label={t('panel.fileName')}>
              <Typography.Text data-testid="scores-export-file" style={{ wordBreak: 'break-all' }}>
                {exported.fileName}
              </Typography.Text>
            </Descriptions.Item>
            {exported.savedTo !== null && (
              <Descriptions.Item label={t('panel.savedTo')}>
                <Typography.Text style={{ wordBreak: 'break-all' }}>{exported.savedTo}</Typography.Text>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('panel.revision')}>
              <span data-testid="scores-export-revision">{exported.revision}</span>
            </Descriptions.Item>
            {exported.reviewed !== null && (
              <Descriptions.Item label={t('panel.reviewed')}>{t('panel.reviewedValue', { reviewed: exported.reviewed, total: applications })}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('panel.sha256')}>
              <Typography.Text
                copyable={{ text: exported.sha256 }}
                style={{ fontFamily: MONOSPACE, fontSize: 14, wordBreak: 'break-all' }}
                data-testid="scores-export-sha256"
              >
                {exported.sha256}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Alert type="info" showIcon title={t('panel.hashHelp')} />
        </Flex>
      )}
      {unlockDialog}
    </Modal>
  );
}
