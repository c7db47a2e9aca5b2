import type { CliCommand } from '../commandTable';

export const searchCommand: CliCommand = {
  words: ['search'],
  summaryKey: 'cli.help.search',
  synopsis: '--round R [--limit N] QUERY',
  options: { round: { type: 'string' }, limit: { type: 'string' } },
  required: ['round'],
  positionals: { min: 1, name: 'QUERY' },
  async run({ values, positionals }, { invoke, t }) {
    const query = positionals.join(' ');
    const limit = typeof values.limit === 'string' ? Number(values.limit) : undefined;
    const { hits } = await invoke('search.query', {
      roundId: typeof values.round === 'string' ? values.round : '',
      query,
      ...(limit === undefined ? {} : { limit }),
    });
    const lines = hits.map((hit) =>
      t('cli.hitLine', { city: hit.city ?? t('cli.notGiven'), name: hit.documentName, page: hit.page, snippet: hit.snippet }),
    );
    return { json: { hits }, text: hits.length === 0 ? t('cli.noHits', { query }) : lines.join('\n') };
  },
};
