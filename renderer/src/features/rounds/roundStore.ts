import { create } from 'zustand';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Round, RoundKind } from '../../../../shared/domain/round';
import type { Rubric } from '../../../../shared/domain/rubric';
import { invoke, toCommandError } from '../../api/client';

interface RoundState {
  rounds: Round[];
  loading: boolean;
  loadError: CommandError | null;
  load(): Promise<void>;
  /** Resolves with the new round; rejects with ApiError for the dialog to show. Without a rubric, the kind's built-in one. */
  create(name: string, kind: RoundKind, rubric?: Rubric): Promise<Round>;
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
  async create(name, kind, rubric) {
    const round = await invoke('round.create', { name, kind, ...(rubric === undefined ? {} : { rubric }) });
    await get().load();
    return round;
  },
}));
