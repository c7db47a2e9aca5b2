import { Alert, App, Button, ConfigProvider, Flex, Form, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rubricTotal } from '../../../../shared/domain/rubric';
import { describeError } from '../../../../shared/i18n/describeError';
import { toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { type RubricEditorContextValue, RubricEditorContext } from './editorContext';
import { IssuesButton } from './IssuesButton';
import { RubricBanner } from './RubricBanner';
import { checkDraft } from './rubricDraft';
import { RubricEditor } from './RubricEditor';
import { downloadRubric, readRubricFile } from './rubricFile';
import { ImportProblems, type ImportProblem } from './ImportProblems';
import { indexIssues } from './rubricIssues';
import { selectDirty, useRubricEditor } from './rubricStore';
import { RubricSummary } from './RubricSummary';
import { useFocusRequest } from './useFocusRequest';
import './rubricMessages';

interface Props {
  roundId: string;
  open: boolean;
  onClose(): void;
}

/** Disabled fields of a read-only rubric stay readable: it is there to be read. */
const readOnlyTheme = { token: { colorTextDisabled: 'rgba(0, 0, 0, 0.8)', colorBgContainerDisabled: '#fafafa' } };

/**
 * The rubric of a round (评分细则): the secretary edits it (criteria added, moved,
 * changed, with the total of maxima and every problem shown as typed), imports and
 * exports it as JSON; an expert reads the one the panel package carried. A rubric sent
 * out with panel packages is frozen: saving it makes its next version.
 */
export function RubricDialog({ roundId, open, onClose }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message, modal } = App.useApp();
  const { shown, draft, loading, loadError, saving, load, edit, replace, save, close } = useRubricEditor();
  const dirty = useRubricEditor(selectDirty);
  const [expanded, setExpandedKeys] = useState<ReadonlySet<string>>(new Set());
  const [importProblem, setImportProblem] = useState<ImportProblem | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const requestFocus = useFocusRequest();

  useEffect(() => {
    if (!open) return;
    void load(roundId);
    return () => {
      close();
      setExpandedKeys(new Set());
      setImportProblem(null);
      setSaveError(null);
    };
  }, [open, roundId, load, close]);

  const editable = shown?.editable === true;
  const check = useMemo(() => (draft === null ? null : checkDraft(draft)), [draft]);
  const issueList = useMemo(() => (check !== null && !check.ok ? check.issues : []), [check]);
  const issues = useMemo(() => indexIssues(translate, issueList), [translate, issueList]);
  const valid = check?.ok === true ? check.rubric : null;
  const canSave = editable && valid !== null && dirty && !saving;

  const setExpanded = useCallback((rowKey: string, isOpen: boolean) => {
    setExpandedKeys((keys) => {
      const next = new Set(keys);
      if (isOpen) next.add(rowKey);
      else next.delete(rowKey);
      return next;
    });
  }, []);

  const context = useMemo<RubricEditorContextValue>(
    () => ({ readOnly: !editable, issues, edit, requestFocus, expanded, setExpanded }),
    [editable, issues, edit, requestFocus, expanded, setExpanded],
  );

  const requestClose = () => {
    if (!dirty || !editable) {
      onClose();
      return;
    }
    modal.confirm({
      title: t('rubric.discardTitle'),
      content: t('rubric.discardBody'),
      okText: t('rubric.discard'),
      okButtonProps: { danger: true, 'data-testid': 'rubric-discard' },
      cancelText: t('rubric.keepEditing'),
      onOk: onClose,
    });
  };

  const submit = async () => {
    if (!canSave || valid === null) return;
    setSaveError(null);
    try {
      const saved = await save(valid);
      void message.success(t('rubric.saved', { version: saved.version, total: rubricTotal(saved.rubric) }));
      onClose();
    } catch (error) {
      setSaveError(describeError(translate, toCommandError(error)));
    }
  };

  // Ctrl/⌘+S saves, as in any editor; the browser's "save page" is never what is meant here.
  useEffect(() => {
    if (!open || !editable) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const importFile = async (file: File) => {
    const read = await readRubricFile(translate, file);
    if (!read.ok) {
      setImportProblem({ file: read.file, problems: read.problems, invalid: read.invalid });
      return;
    }
    const take = () => {
      replace(read.rubric);
      setImportProblem(null);
      setExpandedKeys(new Set());
      void message.success(t('rubric.imported', { name: read.rubric.name, count: read.rubric.sections.reduce((n, s) => n + s.criteria.length, 0), total: rubricTotal(read.rubric) }));
    };
    if (!dirty) take();
    else
      modal.confirm({
        title: t('rubric.discardTitle'),
        content: t('rubric.discardBody'),
        okText: t('rubric.importJson'),
        cancelText: t('rubric.keepEditing'),
        onOk: take,
      });
  };

  const exportFile = valid === null ? null : () => void message.success(t('rubric.exported', { file: downloadRubric(valid) }));

  const title = (
    <Space size={8} wrap>
      <span>{editable || shown === null ? t('rubric.title') : t('rubric.titleReadOnly')}</span>
      {draft !== null && <Typography.Text type="secondary">{draft.name}</Typography.Text>}
      {shown !== null && <Tag data-testid="rubric-version">{t('rubric.version', { version: shown.version })}</Tag>}
      {dirty && editable && <Tag color="orange">{t('rubric.unsaved')}</Tag>}
    </Space>
  );

  const footer = (
    <Flex justify="space-between" align="center" gap={12}>
      <div style={{ textAlign: 'start' }}>
        {editable && draft !== null && (issueList.length > 0 ? <IssuesButton draft={draft} issues={issueList} /> : <Typography.Text type="secondary">{t('rubric.shortcutSave')}</Typography.Text>)}
      </div>
      <Space>
        {editable ? (
          <>
            <Button onClick={requestClose} data-testid="rubric-cancel">
              {t('rubric.cancel')}
            </Button>
            <Button type="primary" disabled={!canSave} loading={saving} onClick={() => void submit()} data-testid="rubric-save">
              {shown?.frozen === true ? t('rubric.saveAsNext', { next: shown.version + 1 }) : t('rubric.save')}
            </Button>
          </>
        ) : (
          <Button onClick={onClose} data-testid="rubric-close">
            {t('rubric.close')}
          </Button>
        )}
      </Space>
    </Flex>
  );

  return (
    <Modal
      open={open}
      title={title}
      width={1240}
      style={{ top: 24, maxWidth: 'calc(100vw - 32px)' }}
      styles={{ body: { maxHeight: 'calc(100vh - 190px)', overflowY: 'auto', paddingInlineEnd: 8 } }}
      onCancel={requestClose}
      maskClosable={false}
      footer={footer}
      destroyOnHidden
    >
      <div data-testid="rubric-dialog">
      {loading && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin tip={t('rubric.loading')}>
            <div style={{ width: 200, height: 40 }} />
          </Spin>
        </Flex>
      )}
      {loadError !== null && (
        <Alert
          type="error"
          showIcon
          message={t('rubric.loadFailed')}
          description={describeError(translate, loadError)}
          action={<Button onClick={() => void load(roundId)}>{t('ui.retry')}</Button>}
        />
      )}
      {shown !== null && draft !== null && (
        <RubricEditorContext.Provider value={context}>
          <RubricBanner shown={shown} />
          <RubricSummary draft={draft} issueCount={issueList.length} readOnly={!editable} onImport={(file) => void importFile(file)} onExport={exportFile} />
          {importProblem !== null && <ImportProblems problem={importProblem} onClose={() => setImportProblem(null)} />}
          {saveError !== null && <Alert type="error" showIcon closable style={{ marginBottom: 12 }} message={t('rubric.saveFailed')} description={saveError} onClose={() => setSaveError(null)} />}
          <ConfigProvider theme={editable ? undefined : readOnlyTheme}>
            <Form layout="vertical" component={false} disabled={!editable}>
              <RubricEditor draft={draft} />
            </Form>
          </ConfigProvider>
        </RubricEditorContext.Provider>
      )}
      </div>
    </Modal>
  );
}
