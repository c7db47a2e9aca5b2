import { FormOutlined } from '@ant-design/icons';
import { Empty, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { PdfReader, type PdfReaderProps } from './PdfReader';
import './readerMessages';

export interface ReaderLayoutProps extends Omit<PdfReaderProps, 'onPasswordSubmit'> {
  /** The right-hand pane; a placeholder until the scoring sheet exists. */
  side?: ReactNode;
}

/** Placeholder for the scoring sheet (评分表) that will sit beside the PDF. */
function ScoringSheetPlaceholder() {
  const { t } = useTranslation();
  return (
    <section className="pr-side-panel" aria-label={t('reader.scoringSheet')} data-testid="scoring-sheet-placeholder">
      <Typography.Title level={5} style={{ margin: 0, padding: '10px 16px', borderBottom: '1px solid rgba(5,5,5,0.08)' }}>
        {t('reader.scoringSheet')}
      </Typography.Title>
      <div style={{ padding: 24 }}>
        <Empty image={<FormOutlined style={{ fontSize: 48, color: 'rgba(0,0,0,0.2)' }} />} description={t('reader.scoringSheetPlaceholder')} />
      </div>
    </section>
  );
}

/**
 * The reading view: the PDF on the left, the scoring sheet on the right, split by a
 * handle that a mouse drags and the arrow keys move (it is a focusable separator). The
 * split is remembered in localStorage. A password-protected document asks for its
 * password in place; the password given by the caller is tried first.
 */
export function ReaderLayout({ side, password: givenPassword, onError, ...reader }: ReaderLayoutProps) {
  const { t } = useTranslation();
  // A password typed for this document; another document starts again from the caller's.
  const [typed, setTyped] = useState<{ src: string; password: string } | null>(null);
  const password = typed !== null && typed.src === reader.src ? typed.password : givenPassword;
  const { defaultLayout, onLayoutChanged } = useDefaultLayout({ id: 'panel-review.reader-split', storage: localStorage });

  return (
    <Group
      orientation="horizontal"
      defaultLayout={defaultLayout}
      onLayoutChanged={onLayoutChanged}
      style={{ height: '100%', width: '100%' }}
      data-testid="reader-layout"
    >
      <Panel id="pdf" defaultSize="62%" minSize="30%">
        <PdfReader {...reader} password={password} onError={onError} onPasswordSubmit={(value) => setTyped({ src: reader.src, password: value })} />
      </Panel>
      <Separator className="pr-split-handle" aria-label={t('reader.resizeHandle')} data-testid="reader-split-handle" />
      <Panel id="side" defaultSize="38%" minSize="20%">
        <div style={{ height: '100%', overflow: 'auto', background: '#fff' }}>{side ?? <ScoringSheetPlaceholder />}</div>
      </Panel>
    </Group>
  );
}
