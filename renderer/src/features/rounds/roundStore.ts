import { create } from 'zustand';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Round, RoundKind } from '../../../../shared/domain/round';
import { invoke, toCommandError } from '../../api/client';

interface RoundState {
  rounds: Round[];
  loading: boolean;
  loadError: CommandError | null;
  load(): Promise<void>;
  /** Resolves with the new round; rejects with ApiError for the dialog to show. */
  create(name: string, kind: RoundKind): Promise<Round>;
}

export const useRounds = create<RoundState>((set, get) => ({
  rounds: [],
  loading: false,
  loadError: null,
  async load() {
    set({ loading: true, loadError: null });
    try {
      const { rounds } = await invoke('round.list', {});
      set({ rounds, loading: false });
    } catch (error) {
      set({ loading: false, loadError: toCommandError(error) });
    }
  },
  async create(name, kind) {
    const round = await invoke('round.create', { name, kind });
    await get().load();
    return round;
  },
}));
