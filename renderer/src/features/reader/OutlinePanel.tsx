import { Empty, Tree, type TreeDataNode as DataNode } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** One bookmark as pdf.js's getOutline() gives it (the fields the reader uses). */
export interface OutlineItem {
  title: string;
  bold?: boolean;
  italic?: boolean;
  dest: string | unknown[] | null;
  url: string | null;
  count?: number | undefined;
  items: OutlineItem[];
}

interface Built {
  nodes: DataNode[];
  byKey: Map<string, OutlineItem>;
  /** Bookmarks the PDF itself marks open (a positive /Count). */
  expanded: string[];
}

function build(items: OutlineItem[]): Built {
  const byKey = new Map<string, OutlineItem>();
  const expanded: string[] = [];
  const walk = (list: OutlineItem[], prefix: string): DataNode[] =>
    list.map((item, index) => {
      const key = `${prefix}${index}`;
      byKey.set(key, item);
      if (item.items.length > 0 && (item.count ?? 0) > 0) expanded.push(key);
      const title = item.title.replace(/\s+/gu, ' ').trim();
      return {
        key,
        title: (
          <span title={title} style={{ fontWeight: item.bold === true ? 600 : undefined, fontStyle: item.italic === true ? 'italic' : undefined }}>
            {title}
          </span>
        ),
        children: item.items.length > 0 ? walk(item.items, `${key}-`) : undefined,
      };
    });
  return { nodes: walk(items, ''), byKey, expanded };
}

/** Height of an element, kept up to date: antd's Tree virtualises only with a fixed height. */
function useHeight(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [height, setHeight] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);
  return [ref, height];
}

/**
 * The document's bookmarks, nested, virtualised (an R manual has 1426). Clicking one
 * goes there; a bookmark to a web address goes to `onExternal` (it is never opened).
 */
export function OutlinePanel({
  outline,
  onNavigate,
  onExternal,
}: {
  outline: OutlineItem[];
  onNavigate: (dest: string | unknown[]) => void;
  onExternal: (url: string) => void;
}) {
  const { t } = useTranslation();
  const built = useMemo(() => build(outline), [outline]);
  const [expandedKeys, setExpandedKeys] = useState<React.Key[]>(built.expanded);
  const [selectedKeys, setSelectedKeys] = useState<React.Key[]>([]);
  const [ref, height] = useHeight();

  useEffect(() => {
    setExpandedKeys(built.expanded);
    setSelectedKeys([]);
  }, [built]);

  return (
    <div className="pr-reader-outline" ref={ref} data-testid="reader-outline">
      {outline.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reader.outlineEmpty')} />
      ) : (
        height > 0 && (
          <Tree
            blockNode
            showLine={false}
            height={height - 8}
            treeData={built.nodes}
            expandedKeys={expandedKeys}
            onExpand={(keys) => setExpandedKeys(keys)}
            selectedKeys={selectedKeys}
            onSelect={(_keys, info) => {
              const item = built.byKey.get(String(info.node.key));
              setSelectedKeys([info.node.key]);
              if (item === undefined) return;
              if (item.dest !== null) onNavigate(item.dest);
              else if (item.url !== null) onExternal(item.url);
            }}
          />
        )
      )}
    </div>
  );
}
