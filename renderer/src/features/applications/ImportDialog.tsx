import { FolderOpenOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Progress, Select, Space, Tag, Typography, Upload, message } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CommandError, CommandErrorSchema } from '../../../../shared/contract/errors';
import { docKinds, type DocKind } from '../../../../shared/domain/application';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, onAppEvent, stageFile, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';

interface Props {
  roundId: string;
  open: boolean;
  onClose(): void;
  onImported(): void;
}

interface FormValues {
  city?: string;
  province?: string;
  applicant?: string;
  docKind: DocKind;
  password?: string;
}

interface Phase {
  phase: 'upload' | 'check' | 'store' | 'text';
  done: number;
  total: number | null;
}

/** Native submit by form id: see CreateRoundDialog. */
const IMPORT_FORM = 'import-application-form';

const importable = (file: File) => /\.(pdf|zip)$/i.test(file.name);

/** Every file an import refused, each as an error of its own (the back end lists them in details.failures). */
function refusals(error: CommandError): CommandError[] {
  const failures = error.details?.failures;
  if (!Array.isArray(failures)) return [error];
  return failures.flatMap((failure: unknown) => {
    const parsed = CommandErrorSchema.safeParse(failure);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * One city's package in, with its metadata. Files are handed to the back end (a path on
 * the desktop, an upload in the web shell), then imported as one all-or-nothing command
 * whose progress events drive the bar. A refusal names every bad file and stores nothing.
 */
export function ImportDialog({ roundId, open, onClose, onImported }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const [form] = Form.useForm<FormValues>();
  const [files, setFiles] = useState<File[]>([]);
  const [phase, setPhase] = useState<Phase | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const [skipped, setSkipped] = useState<string[]>([]);
  const taskId = useRef<string | null>(null);
  const stopped = useRef(false);
  const running = phase !== null;

  function reset() {
    form.resetFields();
    setFiles([]);
    setError(null);
    setSkipped([]);
  }

  function addFiles(more: File[]) {
    setFiles((current) => {
      const known = new Set(current.map((f) => `${f.name}/${f.size}`));
      return [...current, ...more.filter((f) => importable(f) && !known.has(`${f.name}/${f.size}`))];
    });
    setError(null);
  }

  async function run(values: FormValues) {
    if (files.length === 0) {
      setError({ code: 'INVALID_INPUT', message: t('ui.noFiles'), details: { detail: t('ui.noFiles') } });
      return;
    }
    setError(null);
    stopped.current = false;
    const id = crypto.randomUUID();
    taskId.current = id;
    const unsubscribe = onAppEvent((event) => {
      if (event.type === 'progress' && event.taskId === id) {
        setPhase({ phase: event.phase as Phase['phase'], done: event.done, total: event.total });
      }
    });
    try {
      const paths: string[] = [];
      for (const [index, file] of files.entries()) {
        if (stopped.current) throw new Error(t('errors.CANCELLED'));
        setPhase({ phase: 'upload', done: index, total: files.length });
        paths.push(await stageFile(file));
      }
      const result = await invoke(
        'application.import',
        {
          roundId,
          city: values.city,
          province: values.province,
          applicant: values.applicant,
          docKind: values.docKind,
          paths,
          ...(values.password === undefined || values.password === '' ? {} : { password: values.password }),
        },
        { taskId: id },
      );
      void message.success(t('ui.imported', { count: result.documents.length }));
      onImported();
      if (result.skipped.length > 0) {
        setSkipped(result.skipped.map((s) => s.name));
      } else {
        reset();
        onClose();
      }
    } catch (caught) {
      setError(toCommandError(caught));
    } finally {
      unsubscribe();
      taskId.current = null;
      setPhase(null);
    }
  }

  function requestClose() {
    if (!running) {
      reset();
      onClose();
      return;
    }
    Modal.confirm({
      title: t('ui.cancelImport'),
      content: t('ui.confirmCloseImport'),
      okText: t('ui.cancelImport'),
      cancelText: t('ui.cancel'),
      onOk: () => {
        stopped.current = true;
        if (taskId.current !== null) void invoke('task.cancel', { taskId: taskId.current });
      },
    });
  }

  const percent = phase !== null && phase.total !== null && phase.total > 0 ? Math.floor((phase.done / phase.total) * 100) : 0;

  return (
    <Modal
      open={open}
      width={640}
      title={t('ui.importApplication')}
      onCancel={requestClose}
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={requestClose}>{running ? t('ui.cancelImport') : t('ui.cancel')}</Button>
          <Button type="primary" htmlType="submit" form={IMPORT_FORM} loading={running} data-testid="start-import">
            {running ? t('ui.importing') : t('ui.startImport')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues> id={IMPORT_FORM} form={form} layout="vertical" initialValues={{ docKind: 'plan' }} onFinish={(values) => void run(values)} disabled={running}>
        <Upload.Dragger
          multiple
          accept=".pdf,.zip"
          showUploadList={false}
          beforeUpload={(_file, list) => {
            addFiles(list);
            return Upload.LIST_IGNORE;
          }}
          data-testid="import-drop"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('ui.importHint')}</p>
          <p className="ant-upload-hint">{t('ui.importHintSub')}</p>
        </Upload.Dragger>
        <Space style={{ margin: '8px 0 16px' }} wrap>
          <Upload
            directory
            showUploadList={false}
            beforeUpload={(_file, list) => {
              addFiles(list);
              return Upload.LIST_IGNORE;
            }}
          >
            <Button icon={<FolderOpenOutlined />}>{t('ui.chooseFolder')}</Button>
          </Upload>
          {files.map((file) => (
            <Tag
              key={`${file.name}/${file.size}`}
              closable={!running}
              onClose={() => setFiles((current) => current.filter((f) => f !== file))}
              data-testid="import-file"
            >
              {file.name}
            </Tag>
          ))}
        </Space>
        <Space.Compact block>
          <Form.Item name="city" label={t('ui.city')} style={{ flex: 1, marginRight: 8 }}>
            <Input maxLength={200} data-testid="import-city" />
          </Form.Item>
          <Form.Item name="province" label={t('ui.province')} style={{ flex: 1, marginRight: 8 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="docKind" label={t('ui.docKind')} style={{ flex: 1 }}>
            <Select<DocKind> options={docKinds.map((kind) => ({ value: kind, label: t(`docKind.${kind}`) }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="applicant" label={t('ui.applicant')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="password" label={t('ui.password')} extra={t('ui.passwordHelp')}>
          <Input.Password autoComplete="off" data-testid="import-password" />
        </Form.Item>
      </Form>
      {phase !== null && (
        <div data-testid="import-progress">
          <Typography.Text>{t(`ui.phase.${phase.phase}`)}</Typography.Text>
          <Progress percent={percent} status="active" format={() => (phase.total === null ? `${phase.done}` : `${phase.done}/${phase.total}`)} />
        </div>
      )}
      {error !== null && (
        <Alert
          type="error"
          showIcon
          message={t('ui.importFailed')}
          description={
            refusals(error).length > 1 ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {refusals(error).map((refusal) => (
                  <li key={String(refusal.details?.file)}>{describeError(translate, refusal)}</li>
                ))}
              </ul>
            ) : (
              describeError(translate, error)
            )
          }
          data-testid="import-error"
        />
      )}
      {skipped.length > 0 && <Alert type="info" showIcon message={t('ui.skippedFiles', { count: skipped.length, names: skipped.join('、') })} />}
    </Modal>
  );
}
