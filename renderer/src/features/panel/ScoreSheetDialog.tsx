import { CheckCircleFilled, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Flex, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import { describeError } from '../../../../shared/i18n/describeError';
import { canChooseSavePath, chooseSavePath, invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { downloadBase64 } from '../identity/download';
import { MONOSPACE } from '../identity/FingerprintDisplay';
import { useIdentity } from '../identity/identityStore';
import { useScoring } from '../scoring/scoringStore';
import './scoreSheetMessages';

interface Props {
  roundId: string;
  roundName: string;
  open: boolean;
  onClose(): void;
  /** Opens the score bundle export: the way out of "export first". */
  onExportScores(): void;
}

interface Made {
  fileName: string;
  /** Where the desktop app wrote it; null for a browser download. */
  savedTo: string | null;
  pages: number;
  revision: number | null;
  bundleSha256: string | null;
  draft: boolean;
}

/** Forbidden in file names on Windows or anywhere: the suggestion for the save dialog. */
const suggestedName = (parts: readonly (string | undefined)[]) =>
  // eslint-disable-next-line no-control-regex
  `${parts.filter((part) => part !== undefined && part !== '').join('-')}.pdf`.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_');

/** The two refusals that another export cures. */
const needsExport = (error: CommandError | null) => error?.code === 'SCORESHEET_NOT_EXPORTED' || error?.code === 'SCORESHEET_STALE';

/**
 * The expert's printable score sheet: what it carries and that it must match the bundle
 * exported last, then a save dialog (desktop) or a browser download (web shell), then
 * the bundle it names. When the sheet matches no export the back end refuses it; the
 * dialog then offers the export, or a draft for checking.
 */
export function ScoreSheetDialog({ roundId, roundName, open, onClose, onExportScores }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const expertName = useIdentity((s) => s.identity?.name);
  const flushScores = useScoring((s) => s.flush);
  const [working, setWorking] = useState<'final' | 'draft' | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const [made, setMade] = useState<Made | null>(null);

  function close() {
    setError(null);
    setMade(null);
    onClose();
  }

  async function make(draft: boolean) {
    setWorking(draft ? 'draft' : 'final');
    setError(null);
    try {
      // A score typed a moment ago counts: it is what makes a sheet stale.
      await flushScores();
      if (canChooseSavePath) {
        const name = suggestedName([roundName, expertName, t('scoreSheetUi.fileSuffix')]);
        const out = await chooseSavePath({ suggestedName: name, filterName: t('scoreSheetUi.filterName'), extensions: ['pdf'] });
        if (out === null) return;
        const written = await invoke('scoresheet.export', { roundId, out, draft });
        setMade({ ...written, fileName: written.file.split(/[\\/]/).pop() ?? written.file, savedTo: written.file });
      } else {
        const sheet = await invoke('scoresheet.exportForDownload', { roundId, draft });
        downloadBase64(sheet.fileName, sheet.contentBase64, 'application/pdf');
        void message.success(t('scoreSheetUi.downloaded', { file: sheet.fileName }));
        setMade({ ...sheet, savedTo: null });
      }
    } catch (caught) {
      setError(toCommandError(caught));
    } finally {
      setWorking(null);
    }
  }

  const footer =
    made === null ? (
      <Flex gap={8} justify="flex-end">
        <Button onClick={close}>{t('ui.cancel')}</Button>
        <Button loading={working === 'draft'} disabled={working === 'final'} onClick={() => void make(true)} data-testid="scoresheet-draft">
          {t('scoreSheetUi.saveDraft')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} loading={working === 'final'} disabled={working === 'draft'} onClick={() => void make(false)} data-testid="scoresheet-save">
          {working === 'final' ? t('scoreSheetUi.working') : t('scoreSheetUi.save')}
        </Button>
      </Flex>
    ) : (
      <Button type="primary" onClick={close} data-testid="scoresheet-close">
        {t('scoreSheetUi.close')}
      </Button>
    );

  return (
    <Modal
      open={open}
      width={680}
      title={made === null ? t('scoreSheetUi.title') : <ResultTitle draft={made.draft} />}
      onCancel={close}
      maskClosable={false}
      destroyOnHidden
      data-testid="scoresheet-dialog"
      footer={footer}
    >
      {made === null ? (
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('scoreSheetUi.intro')}</Typography.Paragraph>
          <Alert type="info" showIcon title={t('scoreSheetUi.matchRule')} />
          {error !== null && (
            <Alert
              type="error"
              showIcon
              title={t('scoreSheetUi.failed')}
              description={describeError(translate, error)}
              action={
                needsExport(error) ? (
                  <Button
                    size="small"
                    onClick={() => {
                      close();
                      onExportScores();
                    }}
                    data-testid="scoresheet-export-first"
                  >
                    {t('scoreSheetUi.exportFirst')}
                  </Button>
                ) : undefined
              }
              data-testid="scoresheet-error"
            />
          )}
        </Flex>
      ) : (
        <MadeSheet made={made} />
      )}
    </Modal>
  );
}

function ResultTitle({ draft }: { draft: boolean }) {
  const { t } = useTranslation();
  return (
    <span>
      <CheckCircleFilled style={{ color: draft ? '#d48806' : '#389e0d', marginInlineEnd: 8 }} />
      {draft ? t('scoreSheetUi.resultDraftTitle') : t('scoreSheetUi.resultTitle')}
    </span>
  );
}

function MadeSheet({ made }: { made: Made }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16} data-testid="scoresheet-result">
      <Descriptions column={1} bordered size="small" styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t('scoreSheetUi.fileName')}>
          <Typography.Text style={{ wordBreak: 'break-all' }} data-testid="scoresheet-file">
            {made.fileName}
          </Typography.Text>
          {made.draft && <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('scoreSheet.draftMark')}</Tag>}
        </Descriptions.Item>
        {made.savedTo !== null && (
          <Descriptions.Item label={t('scoreSheetUi.savedTo')}>
            <Typography.Text style={{ wordBreak: 'break-all' }}>{made.savedTo}</Typography.Text>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('scoreSheetUi.pages')}>{made.pages}</Descriptions.Item>
        {made.revision !== null && (
          <Descriptions.Item label={t('scoreSheetUi.revision')}>
            <span data-testid="scoresheet-revision">{made.revision}</span>
          </Descriptions.Item>
        )}
        {made.bundleSha256 !== null && (
          <Descriptions.Item label={t('scoreSheetUi.bundleSha256')}>
            <Typography.Text copyable={{ text: made.bundleSha256 }} style={{ fontFamily: MONOSPACE, fontSize: 14, wordBreak: 'break-all' }} data-testid="scoresheet-sha256">
              {made.bundleSha256}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {made.draft ? <Alert type="warning" showIcon title={t('scoreSheetUi.draftNote')} /> : <Alert type="info" showIcon title={t('scoreSheetUi.printHint')} />}
    </Flex>
  );
}
