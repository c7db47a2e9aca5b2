import { create } from 'zustand';
import type { CommandError } from '../../../../shared/contract/errors';
import type { ExpertReturn } from '../../../../shared/domain/merge';
import { invoke, toCommandError } from '../../api/client';

interface ReturnsState {
  roundId: string | null;
  experts: ExpertReturn[];
  loading: boolean;
  loadError: CommandError | null;
  load(roundId: string): Promise<void>;
}

/** How far each expert's returns are, for the round on screen. */
export const useReturns = create<ReturnsState>((set, get) => ({
  roundId: null,
  experts: [],
  loading: false,
  loadError: null,
  async load(roundId) {
    set((state) => ({ roundId, loading: true, loadError: null, experts: state.roundId === roundId ? state.experts : [] }));
    try {
      const { experts } = await invoke('returns.status', { roundId });
      // Another round may be on screen by now: its own load answers for it.
      if (get().roundId === roundId) set({ experts, loading: false });
    } catch (error) {
      if (get().roundId === roundId) set({ loading: false, loadError: toCommandError(error) });
    }
  },
}));
