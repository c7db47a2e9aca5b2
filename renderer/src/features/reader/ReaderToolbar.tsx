import {
  CloseOutlined,
  DownOutlined,
  LoadingOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SearchOutlined,
  UpOutlined,
  ZoomInOutlined,
  ZoomOutOutlined,
} from '@ant-design/icons';
import { Button, Divider, Input, type InputRef, Select, Tooltip } from 'antd';
import { type RefObject, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** pdf.js's FindState values (pdf_find_controller.js). */
export const FindStatus = { FOUND: 0, NOT_FOUND: 1, WRAPPED: 2, PENDING: 3 } as const;

export interface FindUi {
  open: boolean;
  query: string;
  /** A FindStatus value once a search ran for this query; null before. */
  status: number | null;
  /** The match went backwards past the start (for the WRAPPED message). */
  previous: boolean;
  current: number;
  total: number;
}

export const ZOOM_PRESETS = ['page-width', 'page-fit'] as const;
export const ZOOM_PERCENTS = [50, 75, 100, 125, 150, 200, 300, 400] as const;

export interface ReaderToolbarProps {
  ready: boolean;
  page: number;
  pagesCount: number;
  onGoToPage: (page: number) => void;
  onPrevious: () => void;
  onNext: () => void;
  scaleValue: string;
  scale: number;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onZoom: (value: string) => void;
  sidebarOpen: boolean;
  sidebarAvailable: boolean;
  onToggleSidebar: () => void;
  find: FindUi;
  findInputRef: RefObject<InputRef | null>;
  onFindOpen: () => void;
  onFindChange: (query: string) => void;
  onFindAgain: (previous: boolean) => void;
  onFindClose: () => void;
}

function FindCount({ find }: { find: FindUi }) {
  const { t } = useTranslation();
  if (find.status === null || find.query.trim() === '') return null;
  let text: string;
  if (find.status === FindStatus.PENDING && find.total === 0) text = t('reader.findSearching');
  else if (find.status === FindStatus.NOT_FOUND) text = t('reader.findNotFound');
  else text = t('reader.findCount', { current: find.current, total: find.total });
  const wrapped = find.status === FindStatus.WRAPPED ? t(find.previous ? 'reader.findWrappedTop' : 'reader.findWrappedBottom') : undefined;
  return (
    <Tooltip title={wrapped} open={wrapped === undefined ? false : undefined}>
      <span className="pr-find-count" data-testid="reader-find-count" role="status">
        {find.status === FindStatus.PENDING && <LoadingOutlined style={{ marginRight: 4 }} />}
        {text}
      </span>
    </Tooltip>
  );
}

/** The reader's toolbar: bookmarks, page navigation, zoom and find, all antd. */
export function ReaderToolbar(props: ReaderToolbarProps) {
  const { t } = useTranslation();
  const { ready, page, pagesCount, find } = props;
  const [pageText, setPageText] = useState(String(page));
  const [editingPage, setEditingPage] = useState(false);

  // Follow the document while the field is not being edited (and when editing ends).
  useEffect(() => {
    if (!editingPage) setPageText(String(page));
  }, [page, editingPage]);

  const submitPage = () => {
    const wanted = Number.parseInt(pageText.trim(), 10);
    if (!Number.isInteger(wanted) || pagesCount === 0) {
      setPageText(String(page));
      return;
    }
    const target = Math.min(Math.max(wanted, 1), pagesCount);
    setPageText(String(target));
    setEditingPage(false);
    // Moves the focus to the document, so PageDown and the arrow keys read on from there.
    props.onGoToPage(target);
  };

  const percent = Math.round(props.scale * 100);
  const isPreset = (ZOOM_PRESETS as readonly string[]).includes(props.scaleValue);
  const zoomOptions = [
    { value: 'page-width', label: t('reader.zoomPageWidth') },
    { value: 'page-fit', label: t('reader.zoomPageFit') },
    ...ZOOM_PERCENTS.map((p) => ({ value: String(p / 100), label: t('reader.zoomPercent', { percent: p }) })),
  ];
  const zoomValue = isPreset ? props.scaleValue : String(percent / 100);
  if (!zoomOptions.some((option) => option.value === zoomValue)) {
    zoomOptions.push({ value: zoomValue, label: t('reader.zoomPercent', { percent }) });
  }

  return (
    <div className="pr-reader-toolbar" role="toolbar" aria-label={t('reader.toolbar')} data-testid="reader-toolbar">
      <Tooltip title={props.sidebarAvailable ? t(props.sidebarOpen ? 'reader.sidebarHide' : 'reader.sidebarShow') : t('reader.sidebarNoOutline')}>
        <Button
          type="text"
          icon={props.sidebarOpen ? <MenuFoldOutlined /> : <MenuUnfoldOutlined />}
          aria-label={t(props.sidebarOpen ? 'reader.sidebarHide' : 'reader.sidebarShow')}
          aria-pressed={props.sidebarOpen}
          disabled={!ready || !props.sidebarAvailable}
          onClick={props.onToggleSidebar}
          data-testid="reader-sidebar-toggle"
        />
      </Tooltip>
      <Divider orientation="vertical" />
      <Tooltip title={t('reader.previousPage')}>
        <Button type="text" icon={<UpOutlined />} aria-label={t('reader.previousPage')} disabled={!ready || page <= 1} onClick={props.onPrevious} />
      </Tooltip>
      <Tooltip title={t('reader.nextPage')}>
        <Button type="text" icon={<DownOutlined />} aria-label={t('reader.nextPage')} disabled={!ready || page >= pagesCount} onClick={props.onNext} />
      </Tooltip>
      <Input
        className="pr-page-input"
        size="small"
        aria-label={t('reader.pageNumber')}
        inputMode="numeric"
        value={ready ? pageText : ''}
        disabled={!ready}
        onFocus={(event) => {
          setEditingPage(true);
          event.currentTarget.select();
        }}
        onBlur={() => setEditingPage(false)}
        onChange={(event) => setPageText(event.target.value.replace(/[^\d]/gu, ''))}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            submitPage();
          } else if (event.key === 'Escape') {
            setPageText(String(page));
            event.currentTarget.blur();
          }
        }}
        data-testid="reader-page-input"
      />
      <span className="pr-page-total" data-testid="reader-page-count">
        {ready ? t('reader.pageOf', { count: pagesCount }) : ''}
      </span>
      <Divider orientation="vertical" />
      <Tooltip title={t('reader.zoomOut')}>
        <Button type="text" icon={<ZoomOutOutlined />} aria-label={t('reader.zoomOut')} disabled={!ready} onClick={props.onZoomOut} data-testid="reader-zoom-out" />
      </Tooltip>
      <Select
        size="small"
        style={{ width: 112 }}
        aria-label={t('reader.zoom')}
        value={zoomValue}
        options={zoomOptions}
        onChange={props.onZoom}
        disabled={!ready}
        popupMatchSelectWidth={false}
        data-testid="reader-zoom"
      />
      <Tooltip title={t('reader.zoomIn')}>
        <Button type="text" icon={<ZoomInOutlined />} aria-label={t('reader.zoomIn')} disabled={!ready} onClick={props.onZoomIn} data-testid="reader-zoom-in" />
      </Tooltip>
      <span className="pr-spacer" />
      {find.open ? (
        <>
          <Input
            ref={props.findInputRef}
            size="small"
            allowClear
            style={{ width: 200 }}
            prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
            placeholder={t('reader.findPlaceholder')}
            aria-label={t('reader.findPlaceholder')}
            value={find.query}
            onChange={(event) => props.onFindChange(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                props.onFindAgain(event.shiftKey);
              } else if (event.key === 'Escape') {
                event.preventDefault();
                props.onFindClose();
              }
            }}
            data-testid="reader-find-input"
          />
          <FindCount find={find} />
          <Tooltip title={t('reader.findPrevious')}>
            <Button type="text" size="small" icon={<UpOutlined />} aria-label={t('reader.findPrevious')} disabled={find.query.trim() === ''} onClick={() => props.onFindAgain(true)} data-testid="reader-find-previous" />
          </Tooltip>
          <Tooltip title={t('reader.findNext')}>
            <Button type="text" size="small" icon={<DownOutlined />} aria-label={t('reader.findNext')} disabled={find.query.trim() === ''} onClick={() => props.onFindAgain(false)} data-testid="reader-find-next" />
          </Tooltip>
          <Tooltip title={t('reader.findClose')}>
            <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('reader.findClose')} onClick={props.onFindClose} data-testid="reader-find-close" />
          </Tooltip>
        </>
      ) : (
        <Tooltip title={t('reader.find')}>
          <Button type="text" icon={<SearchOutlined />} aria-label={t('reader.find')} disabled={!ready} onClick={props.onFindOpen} data-testid="reader-find-open" />
        </Tooltip>
      )}
    </div>
  );
}
