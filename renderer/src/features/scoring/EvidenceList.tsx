import { DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Evidence } from '../../../../shared/domain/scoring';

interface EvidenceListProps {
  evidence: readonly Evidence[];
  currentSha256: string;
  disabled: boolean;
  onAttach(): void;
  onOpen(anchor: Evidence): void;
  onRemove(anchor: Evidence): void;
}

/** The passages attached to one criterion: a click shows each in the PDF, highlighted. */
export function EvidenceList({ evidence, currentSha256, disabled, onAttach, onOpen, onRemove }: EvidenceListProps) {
  const { t } = useTranslation();
  return (
    <div>
      {evidence.map((anchor) => (
        <div key={anchor.id} className="pr-evidence" data-testid="evidence-item">
          <Typography.Link onClick={() => onOpen(anchor)} data-testid="evidence-open">
            {t('scoring.evidencePage', { page: anchor.page })}
            {anchor.sha256 !== currentSha256 && ` ${t('scoring.otherDocument')}`}
          </Typography.Link>
          <Typography.Text style={{ flex: 1 }} ellipsis={{ tooltip: anchor.quote }}>
            “{anchor.quote}”
          </Typography.Text>
          {!disabled && <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('scoring.removeEvidence')} onClick={() => onRemove(anchor)} />}
        </div>
      ))}
      {!disabled && (
        <Tooltip title={t('scoring.attachHint')}>
          <Button size="small" type="dashed" icon={<PaperClipOutlined />} onMouseDown={(event) => event.preventDefault()} onClick={onAttach} data-testid="attach-evidence">
            {t('scoring.attachSelection')}
          </Button>
        </Tooltip>
      )}
    </div>
  );
}
