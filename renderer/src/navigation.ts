import { create } from 'zustand';

/**
 * Where the user is, kept in the URL hash so Back/Forward and reloads work in both
 * shells: #/rounds, #/identity, #/about, #/round/<id>[/<tab>], #/read/<roundId>/<sha256>?page=N&q=TEXT&app=ID. A round
 * route without a tab shows the tab last shown for that round (so "back" from the reader
 * returns to the results the evidence was opened from). A reader route
 * without a page opens where the reader left the document last time; `app` names the
 * application whose scoring sheet sits beside it (a document may be in several).
 */
/** The panes of a secretary's round page. */
export const ROUND_TABS = ['applications', 'experts', 'results', 'audit'] as const;
export type RoundTab = (typeof ROUND_TABS)[number];
const isRoundTab = (value: string | undefined): value is RoundTab => (ROUND_TABS as readonly (string | undefined)[]).includes(value);

export type Route =
  | { view: 'rounds' }
  | { view: 'identity' }
  | { view: 'about' }
  | { view: 'round'; roundId: string; tab?: RoundTab }
  | { view: 'reader'; roundId: string; sha256: string; page: number | null; query: string | null; app?: string | null };

export function parseRoute(hash: string): Route {
  const [pathPart = '', queryPart = ''] = hash.replace(/^#/, '').split('?');
  const parts = pathPart.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const params = new URLSearchParams(queryPart);
  if (parts[0] === 'identity') return { view: 'identity' };
  if (parts[0] === 'about') return { view: 'about' };
  if (parts[0] === 'round' && parts[1] !== undefined) return isRoundTab(parts[2]) ? { view: 'round', roundId: parts[1], tab: parts[2] } : { view: 'round', roundId: parts[1] };
  if (parts[0] === 'read' && parts[1] !== undefined && parts[2] !== undefined && /^[0-9a-f]{64}$/.test(parts[2])) {
    const page = Number(params.get('page'));
    return { view: 'reader', roundId: parts[1], sha256: parts[2], page: Number.isInteger(page) && page > 0 ? page : null, query: params.get('q'), app: params.get('app') };
  }
  return { view: 'rounds' };
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'rounds':
      return '#/rounds';
    case 'identity':
      return '#/identity';
    case 'about':
      return '#/about';
    case 'round':
      return `#/round/${encodeURIComponent(route.roundId)}${route.tab === undefined ? '' : `/${route.tab}`}`;
    case 'reader': {
      const params = new URLSearchParams();
      if (route.page !== null) params.set('page', String(route.page));
      if (route.query !== null) params.set('q', route.query);
      if (route.app !== undefined && route.app !== null) params.set('app', route.app);
      const query = params.toString();
      return `#/read/${encodeURIComponent(route.roundId)}/${route.sha256}${query === '' ? '' : `?${query}`}`;
    }
  }
}

interface NavigationState {
  route: Route;
  navigate(route: Route): void;
}

export const useNavigation = create<NavigationState>(() => ({
  route: parseRoute(window.location.hash),
  navigate(route) {
    window.location.hash = formatRoute(route);
  },
}));

window.addEventListener('hashchange', () => useNavigation.setState({ route: parseRoute(window.location.hash) }));
