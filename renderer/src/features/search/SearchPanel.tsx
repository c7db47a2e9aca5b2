import { Empty, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../../shared/domain/application';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { useNavigation } from '../../navigation';
import { prefetchDocument } from '../documents/documentPrefetch';

const LIMIT = 100;

/** Snippet text with the matched terms in <mark>. */
function Snippet({ hit }: { hit: SearchHit }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of hit.highlights) {
    if (start < at) continue;
    parts.push(hit.snippet.slice(at, start), <mark key={start}>{hit.snippet.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(hit.snippet.slice(at));
  return <Typography.Paragraph style={{ margin: 0 }}>{parts}</Typography.Paragraph>;
}

export function SearchPanel({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const navigate = useNavigation((s) => s.navigate);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [query, setQuery] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function search(text: string) {
    const trimmed = text.trim();
    setQuery(trimmed);
    if (trimmed === '') {
      setHits(null);
      return;
    }
    setLoading(true);
    setError(null);
    try {
      setHits((await invoke('search.query', { roundId, query: trimmed, limit: LIMIT })).hits);
    } catch (caught) {
      setError(describeError(translate, toCommandError(caught)));
    } finally {
      setLoading(false);
    }
  }

  return (
    <div data-testid="search-panel">
      <Input.Search
        placeholder={t('ui.searchPlaceholder')}
        allowClear
        enterButton
        loading={loading}
        onSearch={(value) => void search(value)}
        data-testid="search-input"
      />
      {error !== null && <Typography.Text type="danger">{error}</Typography.Text>}
      {hits !== null && (
        <List<SearchHit>
          style={{ marginTop: 12 }}
          size="small"
          header={
            hits.length === 0 ? undefined : (
              <Typography.Text type="secondary">{hits.length >= LIMIT ? t('ui.searchMore', { count: LIMIT }) : t('ui.searchHits', { count: hits.length })}</Typography.Text>
            )
          }
          locale={{ emptyText: <Empty description={t('ui.searchNoHits', { query })} /> }}
          dataSource={hits}
          renderItem={(hit) => (
            <List.Item
              style={{ cursor: 'pointer' }}
              data-testid="search-hit"
              onClick={() => {
                prefetchDocument(hit.sha256);
                navigate({ view: 'reader', roundId, sha256: hit.sha256, page: hit.page, query, app: hit.applicationId });
              }}
            >
              <List.Item.Meta
                title={
                  <span>
                    {hit.city ?? '—'} · {hit.documentName} · {t('ui.pageN', { page: hit.page })}
                  </span>
                }
                description={<Snippet hit={hit} />}
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
