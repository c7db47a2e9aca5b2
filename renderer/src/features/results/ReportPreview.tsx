import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Spin, Tag, Typography } from 'antd';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Language } from '../../../../shared/domain/language';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { openPdfBytes, type OpenedPdf } from '../reader/pdfjs';
import './reportMessages';

/** Width the page is drawn at, in CSS pixels (A4 at about 80 % of its printed size). */
const PAGE_WIDTH = 640;

interface Props {
  roundId: string;
  language: Language;
  draft: boolean;
  onClose(): void;
}

/**
 * The opinion summary as it would be exported, one page at a time (a report of a
 * hundred applications runs to hundreds of pages: only the page on screen is drawn).
 * Made by `report.preview`, which writes and audits nothing; drawn by pdf.js from the
 * bytes, with the reader's safe options. Loaded only when opened.
 */
export default function ReportPreview({ roundId, language, draft, onClose }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const [document, setDocument] = useState<PDFDocumentProxy | null>(null);
  const [isDraft, setIsDraft] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);
  const [page, setPage] = useState(1);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let opened: OpenedPdf | null = null;
    let cancelled = false;
    void (async () => {
      try {
        const preview = await invoke('report.preview', { roundId, language, draft });
        if (cancelled) return;
        opened = openPdfBytes(Uint8Array.from(atob(preview.contentBase64), (char) => char.charCodeAt(0)));
        const loaded = await opened.loadingTask.promise;
        if (cancelled) return;
        setIsDraft(preview.draft);
        setDocument(loaded);
      } catch (caught) {
        if (!cancelled) setError(toCommandError(caught));
      }
    })();
    return () => {
      cancelled = true;
      void opened?.close();
    };
  }, [roundId, language, draft]);

  useEffect(() => {
    if (document === null || canvas.current === null) return;
    const target = canvas.current;
    let task: RenderTask | null = null;
    let cancelled = false;
    void document.getPage(page).then((pdfPage) => {
      if (cancelled) return;
      const unscaled = pdfPage.getViewport({ scale: 1 });
      const ratio = window.devicePixelRatio || 1;
      const viewport = pdfPage.getViewport({ scale: (PAGE_WIDTH / unscaled.width) * ratio });
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      target.style.width = `${PAGE_WIDTH}px`;
      target.style.height = `${Math.floor(viewport.height / ratio)}px`;
      task = pdfPage.render({ canvas: target, viewport });
      task.promise.then(
        () => target.setAttribute('data-rendered-page', String(page)),
        () => undefined,
      );
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [document, page]);

  const total = document?.numPages ?? 0;
  const turn = (delta: number) => setPage((current) => Math.min(Math.max(1, current + delta), Math.max(1, total)));

  return (
    <Modal
      open
      width={PAGE_WIDTH + 80}
      title={
        <span>
          {t('reportUi.previewTitle')}
          {isDraft && (
            <Tag color="orange" style={{ marginInlineStart: 8 }}>
              {t('reportUi.previewDraft')}
            </Tag>
          )}
        </span>
      }
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      data-testid="report-preview"
    >
      <div
        // Arrow keys turn pages while the preview has focus (it takes it when opened).
        tabIndex={0}
        ref={(element) => element?.focus()}
        onKeyDown={(event) => {
          if (event.key === 'ArrowRight' || event.key === 'PageDown') turn(1);
          else if (event.key === 'ArrowLeft' || event.key === 'PageUp') turn(-1);
          else return;
          event.preventDefault();
        }}
        style={{ outline: 'none' }}
      >
        {error !== null ? (
          <Alert type="error" showIcon title={t('reportUi.previewFailed')} description={describeError(translate, error)} data-testid="report-preview-error" />
        ) : document === null ? (
          <Flex vertical align="center" gap={8} style={{ padding: 48 }}>
            <Spin />
            <Typography.Text type="secondary">{t('reportUi.previewLoading')}</Typography.Text>
          </Flex>
        ) : (
          <Flex vertical align="center" gap={12}>
            <Flex align="center" gap={12}>
              <Button icon={<LeftOutlined />} disabled={page <= 1} onClick={() => turn(-1)} aria-label={t('reportUi.previousPage')} data-testid="report-preview-previous" />
              <Typography.Text data-testid="report-preview-page" data-page={page} data-pages={total}>
                {t('reportUi.page', { number: page, total })}
              </Typography.Text>
              <Button icon={<RightOutlined />} disabled={page >= total} onClick={() => turn(1)} aria-label={t('reportUi.nextPage')} data-testid="report-preview-next" />
              <Typography.Text type="secondary">{t('reportUi.previewKeys')}</Typography.Text>
            </Flex>
            <canvas ref={canvas} style={{ boxShadow: '0 1px 6px rgba(0,0,0,0.25)', background: '#fff' }} data-testid="report-preview-canvas" />
          </Flex>
        )}
      </div>
    </Modal>
  );
}
