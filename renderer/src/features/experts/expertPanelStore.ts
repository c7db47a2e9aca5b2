import { create } from 'zustand';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Conflict, Expert } from '../../../../shared/domain/expert';
import { invoke, toCommandError } from '../../api/client';

/** The secretary's panel of one round: its experts (with assignments and package status) and its conflicts. */
interface ExpertPanelState {
  roundId: string | null;
  experts: Expert[];
  conflicts: Conflict[];
  loading: boolean;
  loadError: CommandError | null;
  load(roundId: string): Promise<void>;
}

export const useExpertPanel = create<ExpertPanelState>((set, get) => ({
  roundId: null,
  experts: [],
  conflicts: [],
  loading: false,
  loadError: null,
  async load(roundId) {
    // Another round's panel must not flash while this one loads.
    if (get().roundId !== roundId) set({ roundId, experts: [], conflicts: [] });
    set({ loading: true, loadError: null });
    try {
      const [{ experts }, { conflicts }] = await Promise.all([invoke('expert.list', { roundId }), invoke('conflict.list', { roundId })]);
      if (get().roundId === roundId) set({ experts, conflicts, loading: false });
    } catch (error) {
      set({ loading: false, loadError: toCommandError(error) });
    }
  },
}));

export const pairKey = (fingerprint: string, applicationId: string): string => `${fingerprint} ${applicationId}`;

/** Short form for table headers: the first groups after `SHA256:`. */
export function shortFingerprint(fingerprint: string): string {
  return `${fingerprint.slice(0, 15)}…`;
}
