import { CheckCircleFilled, EyeOutlined, FileDoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Descriptions, Flex, Form, Modal, Progress, Radio, Tag, Typography } from 'antd';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Language } from '../../../../shared/domain/language';
import { reportFormats, type ReportFileFormat } from '../../../../shared/domain/report/reportExport';
import { describeError } from '../../../../shared/i18n/describeError';
import { canChooseSavePath, chooseSavePath, invoke, onAppEvent, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { downloadBase64 } from '../identity/download';
import { MONOSPACE } from '../identity/FingerprintDisplay';
import { useSettings } from '../settings/settingsStore';
import './reportMessages';

/** pdf.js is the reader's weight: the preview loads it only when opened. */
const ReportPreview = lazy(() => import('./ReportPreview'));

const FORM_ID = 'report-export-form';

const MIME: Record<ReportFileFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
};

/** The core's three steps (report.export's progress): what the person is told meanwhile. */
const PHASES = ['gather', 'render', 'write'] as const;

interface Props {
  roundId: string;
  roundName: string;
  /** Flags without a note: while any is open only a draft can be exported. */
  openFlags: number;
  open: boolean;
  onClose(): void;
}

interface Choice {
  format: ReportFileFormat;
  language: Language;
  draft: boolean;
}

interface Exported {
  fileName: string;
  /** Where the desktop app wrote it; null for a browser download. */
  savedTo: string | null;
  sha256: string;
  bytes: number;
  draft: boolean;
  /** PDF: characters the report font cannot draw, printed as empty boxes. */
  missingCharacters: string[];
}

/** Forbidden in file names on Windows or anywhere: the suggestion for the save dialog. */
const suggestedName = (roundName: string, label: string, extension: string) =>
  // eslint-disable-next-line no-control-regex
  `${roundName}-${label}.${extension}`.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_');

/**
 * The round's reports from the results tab: which report, its language and whether a
 * draft; a preview of the PDF; then the desktop's save dialog (`report.export`) or a
 * browser download (`report.exportForDownload`). Either way the export is audited by
 * the back end. While a disagreement flag lacks its note the final report is refused
 * there, so the dialog says so and offers the draft.
 */
export function ReportExportDialog({ roundId, roundName, openFlags, open, onClose }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const appLanguage = useSettings((s) => s.language);
  const [form] = Form.useForm<Choice>();
  const format = Form.useWatch('format', form) ?? 'xlsx';
  const [step, setStep] = useState<number | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const [exported, setExported] = useState<Exported | null>(null);
  const [preview, setPreview] = useState<Choice | null>(null);
  const taskId = useRef<string | null>(null);

  useEffect(() => {
    if (open) form.setFieldsValue({ draft: openFlags > 0 });
  }, [open, openFlags, form]);

  function reset() {
    setStep(null);
    setError(null);
    setExported(null);
  }

  function close() {
    if (taskId.current !== null) void invoke('task.cancel', { taskId: taskId.current });
    reset();
    onClose();
  }

  async function runExport(choice: Choice) {
    setError(null);
    const id = crypto.randomUUID();
    const label = `${t(`reportFile.${choice.format}`, { lng: choice.language })}${choice.draft ? `-${t('reportFile.draft', { lng: choice.language })}` : ''}`;
    try {
      let out: string | null = null;
      if (canChooseSavePath) {
        out = await chooseSavePath({ suggestedName: suggestedName(roundName, label, choice.format), filterName: t(`reportUi.filterNames.${choice.format}`), extensions: [choice.format] });
        if (out === null) return;
      }
      taskId.current = id;
      setStep(0);
      const unsubscribe = onAppEvent((event) => {
        if (event.type === 'progress' && event.taskId === id) setStep(event.done);
      });
      try {
        const request = { roundId, format: choice.format, language: choice.language, draft: choice.draft };
        if (out !== null) {
          const written = await invoke('report.export', { ...request, out }, { taskId: id });
          setExported({ ...written, fileName: written.file.split(/[\\/]/).pop() ?? written.file, savedTo: written.file });
        } else {
          const download = await invoke('report.exportForDownload', request, { taskId: id });
          downloadBase64(download.fileName, download.contentBase64, MIME[choice.format]);
          void message.success(t('reportUi.downloaded', { file: download.fileName }));
          setExported({ ...download, savedTo: null });
        }
      } finally {
        unsubscribe();
      }
    } catch (caught) {
      const refused = toCommandError(caught);
      if (refused.code !== 'CANCELLED') setError(refused);
    } finally {
      taskId.current = null;
      setStep(null);
    }
  }

  const working = step !== null;
  const phase = PHASES[Math.min(step ?? 0, PHASES.length - 1)] ?? 'gather';
  const footer =
    exported === null ? (
      <Flex gap={8} justify="flex-end">
        <Button onClick={close} data-testid="report-export-cancel">
          {t('reportUi.cancel')}
        </Button>
        {format === 'pdf' && (
          <Button icon={<EyeOutlined />} disabled={working} onClick={() => setPreview(form.getFieldsValue())} data-testid="report-preview-open">
            {t('reportUi.preview')}
          </Button>
        )}
        <Button type="primary" icon={<FileDoneOutlined />} loading={working} htmlType="submit" form={FORM_ID} data-testid="report-export-submit">
          {t('reportUi.export')}
        </Button>
      </Flex>
    ) : (
      <Flex gap={8} justify="flex-end">
        <Button onClick={reset} data-testid="report-export-another">
          {t('reportUi.another')}
        </Button>
        <Button type="primary" onClick={close} data-testid="report-export-close">
          {t('reportUi.close')}
        </Button>
      </Flex>
    );

  return (
    <Modal
      open={open}
      width={640}
      title={exported === null ? t('reportUi.title') : <DoneTitle draft={exported.draft} />}
      onCancel={close}
      maskClosable={false}
      footer={footer}
      data-testid="report-export-dialog"
    >
      {exported !== null ? (
        <ExportedReport exported={exported} />
      ) : (
        <Form<Choice>
          id={FORM_ID}
          form={form}
          layout="vertical"
          initialValues={{ format: 'xlsx', language: appLanguage, draft: openFlags > 0 }}
          onFinish={(choice) => void runExport(choice)}
          disabled={working}
        >
          <Form.Item name="format" label={t('reportUi.format')}>
            <Radio.Group data-testid="report-format">
              <Flex vertical gap={6}>
                {reportFormats.map((value) => (
                  <Radio key={value} value={value} data-testid={`report-format-${value}`}>
                    {t(`reportUi.formats.${value}`)}
                  </Radio>
                ))}
              </Flex>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="language" label={t('reportUi.language')}>
            <Radio.Group optionType="button" options={(['zh-CN', 'en'] as const).map((value) => ({ value, label: t(`reportUi.languages.${value}`) }))} data-testid="report-language" />
          </Form.Item>
          <Form.Item name="draft" valuePropName="checked" style={{ marginBottom: 12 }}>
            {/* With open flags a final report would be refused: the draft is the only choice. */}
            <Checkbox disabled={openFlags > 0} data-testid="report-draft">
              {t('reportUi.draft')}
            </Checkbox>
          </Form.Item>
          <Flex vertical gap={8}>
            {openFlags > 0 ? (
              <Alert type="warning" showIcon title={t('reportUi.openFlagsWarning', { count: openFlags })} data-testid="report-open-flags" />
            ) : (
              <Alert type="success" showIcon title={t('reportUi.noOpenFlags')} />
            )}
            <Typography.Text type="secondary">{t('reportUi.auditNotice')}</Typography.Text>
            {working && (
              <Flex vertical gap={4} data-testid="report-progress">
                <Typography.Text>{t(`reportUi.phases.${phase}`)}</Typography.Text>
                <Progress percent={Math.round(((step ?? 0) / PHASES.length) * 100)} status="active" showInfo={false} />
              </Flex>
            )}
            {error !== null && <Alert type="error" showIcon title={t('reportUi.failed')} description={describeError(translate, error)} data-testid="report-export-error" />}
          </Flex>
        </Form>
      )}
      {preview !== null && (
        <Suspense fallback={null}>
          <ReportPreview roundId={roundId} language={preview.language} draft={preview.draft} onClose={() => setPreview(null)} />
        </Suspense>
      )}
    </Modal>
  );
}

function DoneTitle({ draft }: { draft: boolean }) {
  const { t } = useTranslation();
  return (
    <span>
      <CheckCircleFilled style={{ color: draft ? '#d48806' : '#389e0d', marginInlineEnd: 8 }} />
      {draft ? t('reportUi.doneDraftTitle') : t('reportUi.doneTitle')}
    </span>
  );
}

/** 1.2 MB, 830 KB, 512 B: enough to tell a report from an empty file. */
function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function ExportedReport({ exported }: { exported: Exported }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={1} bordered size="small" styles={{ label: { width: 120 } }} data-testid="report-exported">
      <Descriptions.Item label={t('reportUi.fileName')}>
        <Typography.Text style={{ wordBreak: 'break-all' }} data-testid="report-exported-file">
          {exported.fileName}
        </Typography.Text>
        {exported.draft && (
          <Tag color="orange" style={{ marginInlineStart: 8 }}>
            {t('reportUi.previewDraft')}
          </Tag>
        )}
      </Descriptions.Item>
      {exported.savedTo !== null && (
        <Descriptions.Item label={t('reportUi.savedTo')}>
          <Typography.Text style={{ wordBreak: 'break-all' }}>{exported.savedTo}</Typography.Text>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('reportUi.sha256')}>
        <Typography.Text copyable={{ text: exported.sha256 }} style={{ fontFamily: MONOSPACE, wordBreak: 'break-all' }} data-testid="report-exported-sha256">
          {exported.sha256}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('reportUi.size')}>{formatSize(exported.bytes)}</Descriptions.Item>
      {exported.missingCharacters.length > 0 && (
        <Descriptions.Item label={t('reportUi.missingLabel')}>
          <Alert type="warning" showIcon title={t('reportUi.missingCharacters', { count: exported.missingCharacters.length, characters: exported.missingCharacters.join(' ') })} data-testid="report-missing-characters" />
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
