import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ReorderListProps<T> {
  items: readonly T[];
  keyOf(item: T): string;
  render(item: T): ReactNode;
  onChange(items: T[]): void;
  /** Offer a remove button per item (the tie-break chain); a tie order keeps every item. */
  removable?: boolean;
  testId: string;
}

/** An ordered list changed with buttons (keyboard-usable, unlike dragging): first = first. */
export function ReorderList<T>({ items, keyOf, render, onChange, removable = false, testId }: ReorderListProps<T>) {
  const { t } = useTranslation();
  const move = (from: number, to: number) => {
    const next = [...items];
    const [item] = next.splice(from, 1);
    if (item === undefined) return;
    next.splice(to, 0, item);
    onChange(next);
  };
  return (
    <ol className="pr-reorder" data-testid={testId}>
      {items.map((item, index) => (
        <li key={keyOf(item)} data-testid={`${testId}-item`}>
          <Flex align="center" gap={8}>
            <Typography.Text className="pr-reorder-position">{index + 1}.</Typography.Text>
            <span style={{ flex: 1 }}>{render(item)}</span>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t('resultsUi.moveUp')} disabled={index === 0} onClick={() => move(index, index - 1)} />
            <Button
              size="small"
              type="text"
              icon={<ArrowDownOutlined />}
              aria-label={t('resultsUi.moveDown')}
              disabled={index === items.length - 1}
              onClick={() => move(index, index + 1)}
            />
            {removable && (
              <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('resultsUi.remove')} onClick={() => onChange(items.filter((_, i) => i !== index))} />
            )}
          </Flex>
        </li>
      ))}
    </ol>
  );
}
