import { create } from 'zustand';
import type { CommandError } from '../../../../shared/contract/errors';
import type { AuditEntry } from '../../../../shared/domain/audit';
import { invoke, toCommandError } from '../../api/client';

export const AUDIT_PAGE_SIZE = 20;

/** The round whose entries are shown, or null for the whole log. */
type Scope = string | null;

interface AuditState {
  scope: Scope;
  entries: AuditEntry[];
  total: number;
  /**
   * The `before` cursor of each page shown so far, newest page first (undefined: from the
   * newest entry). audit.list pages backwards by sequence number, and a round's entries
   * are not contiguous, so pages are walked rather than computed.
   */
  cursors: (number | undefined)[];
  loading: boolean;
  loadError: CommandError | null;
  /** Shows the newest page of `scope`. */
  load(scope: Scope): Promise<void>;
  older(): Promise<void>;
  newer(): Promise<void>;
}

/** The audit log as the secretary pages through it, newest first. */
export const useAuditLog = create<AuditState>((set, get) => {
  const fetchPage = async (scope: Scope, cursors: (number | undefined)[]) => {
    set({ loading: true, loadError: null });
    try {
      const before = cursors.at(-1);
      const { entries, total } = await invoke('audit.list', {
        ...(scope === null ? {} : { roundId: scope }),
        ...(before === undefined ? {} : { before }),
        limit: AUDIT_PAGE_SIZE,
      });
      if (get().scope === scope) set({ entries, total, cursors, loading: false });
    } catch (error) {
      if (get().scope === scope) set({ loading: false, loadError: toCommandError(error) });
    }
  };
  return {
    scope: null,
    entries: [],
    total: 0,
    cursors: [undefined],
    loading: false,
    loadError: null,
    async load(scope) {
      if (get().scope !== scope) set({ scope, entries: [], total: 0 });
      await fetchPage(scope, [undefined]);
    },
    async older() {
      const { scope, entries, cursors } = get();
      const last = entries.at(-1);
      if (last === undefined || !hasOlder(get())) return;
      await fetchPage(scope, [...cursors, last.seq]);
    },
    async newer() {
      const { scope, cursors } = get();
      if (cursors.length <= 1) return;
      await fetchPage(scope, cursors.slice(0, -1));
    },
  };
});

/** Whether pages older than the one shown exist. */
export function hasOlder(state: Pick<AuditState, 'cursors' | 'total'>): boolean {
  return state.cursors.length * AUDIT_PAGE_SIZE < state.total;
}
