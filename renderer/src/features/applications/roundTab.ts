import { create } from 'zustand';
import { useEffect } from 'react';
import { useNavigation, type RoundTab } from '../../navigation';

/** The tab last shown per round, for this session: a round address without a tab returns to it. */
const useLastTabs = create<{ last: Record<string, RoundTab> }>(() => ({ last: {} }));

/**
 * The round page's tab and how to change it. The address decides when it names a tab;
 * otherwise (`#/round/<id>`, e.g. "back" from the reader, or while the reader covers the
 * kept round page) the last one shown stays, else 申报材料.
 */
export function useRoundTab(roundId: string): [RoundTab, (tab: RoundTab) => void] {
  const navigate = useNavigation((s) => s.navigate);
  const routeTab = useNavigation((s) => (s.route.view === 'round' && s.route.roundId === roundId ? s.route.tab : undefined));
  const last = useLastTabs((s) => s.last[roundId]);
  useEffect(() => {
    if (routeTab !== undefined && routeTab !== last) useLastTabs.setState((s) => ({ last: { ...s.last, [roundId]: routeTab } }));
  }, [routeTab, last, roundId]);
  return [routeTab ?? last ?? 'applications', (tab) => navigate({ view: 'round', roundId, tab })];
}
