import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRubricEditorContext } from './editorContext';

interface Props {
  /** Stable per row (its key): focus follows the row when it moves. */
  rowKey: string;
  /** What the row is, for the buttons' accessible names ("上移：满分"). */
  name: string;
  onMove(direction: -1 | 1): void;
  canMoveUp: boolean;
  canMoveDown: boolean;
  onRemove(): void;
  canRemove: boolean;
  /** Asks before removing (a section with its criteria); plain rows go at once. */
  removeConfirm?: string;
  testId: string;
}

/** Move up, move down, remove: buttons, so Tab and Enter do everything a mouse does. */
export function RowActions({ rowKey, name, onMove, canMoveUp, canMoveDown, onRemove, canRemove, removeConfirm, testId }: Props) {
  const { t } = useTranslation();
  const { readOnly, requestFocus } = useRubricEditorContext();
  if (readOnly) return null;
  const move = (direction: -1 | 1) => {
    onMove(direction);
    // The row is drawn at its new place; the same button there keeps the focus, so
    // pressing Enter again moves it on.
    // At the top or bottom that button is disabled: then the other one.
    const [same, other] = direction < 0 ? ['up', 'down'] : ['down', 'up'];
    requestFocus(`${rowKey}-${same}`, `${rowKey}-${other}`);
  };
  const removeButton = (
    <Button
      type="text"
      danger
      size="small"
      icon={<DeleteOutlined />}
      disabled={!canRemove}
      aria-label={t('rubric.actionOn', { action: t('rubric.remove'), name })}
      onClick={removeConfirm === undefined ? onRemove : undefined}
      data-testid={`${testId}-remove`}
    />
  );
  return (
    <Space size={2}>
      <Tooltip title={t('rubric.moveUp')}>
        <Button
          type="text"
          size="small"
          icon={<ArrowUpOutlined />}
          disabled={!canMoveUp}
          aria-label={t('rubric.actionOn', { action: t('rubric.moveUp'), name })}
          onClick={() => move(-1)}
          data-focus-id={`${rowKey}-up`}
          data-testid={`${testId}-up`}
        />
      </Tooltip>
      <Tooltip title={t('rubric.moveDown')}>
        <Button
          type="text"
          size="small"
          icon={<ArrowDownOutlined />}
          disabled={!canMoveDown}
          aria-label={t('rubric.actionOn', { action: t('rubric.moveDown'), name })}
          onClick={() => move(1)}
          data-focus-id={`${rowKey}-down`}
          data-testid={`${testId}-down`}
        />
      </Tooltip>
      {removeConfirm === undefined ? (
        <Tooltip title={t('rubric.remove')}>{removeButton}</Tooltip>
      ) : (
        <Popconfirm title={removeConfirm} okText={t('rubric.remove')} cancelText={t('rubric.cancel')} okButtonProps={{ danger: true }} onConfirm={onRemove}>
          {removeButton}
        </Popconfirm>
      )}
    </Space>
  );
}
