import { create } from 'zustand';
import type { Application } from '../../../../shared/domain/application';
import type { CommandError } from '../../../../shared/contract/errors';
import { invoke, toCommandError } from '../../api/client';

interface ApplicationState {
  roundId: string | null;
  applications: Application[];
  loading: boolean;
  loadError: CommandError | null;
  load(roundId: string): Promise<void>;
}

export const useApplications = create<ApplicationState>((set, get) => ({
  roundId: null,
  applications: [],
  loading: false,
  loadError: null,
  async load(roundId) {
    // Another round's list must not flash while this one loads.
    if (get().roundId !== roundId) set({ roundId, applications: [] });
    set({ loading: true, loadError: null });
    try {
      const { applications } = await invoke('application.list', { roundId });
      if (get().roundId === roundId) set({ applications, loading: false });
    } catch (error) {
      set({ loading: false, loadError: toCommandError(error) });
    }
  },
}));
