import { create } from 'zustand';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Results, ResultMethod } from '../../../../shared/domain/results';
import type { ResultsConfig } from '../../../../shared/domain/results/resultsCommands';
import type { ResultsDetail } from '../../../../shared/domain/results/reviewDetail';
import type { Rubric } from '../../../../shared/domain/rubric';
import { invoke, toCommandError } from '../../api/client';

/** The per-application view: which application is open, and what its experts wrote. */
interface DetailState {
  applicationId: string;
  value: ResultsDetail | null;
  loading: boolean;
  loadError: CommandError | null;
}

interface ResultsState {
  roundId: string | null;
  /** The ranking shown: the official one by default, another method as a sensitivity view. */
  method: ResultMethod;
  results: Results | null;
  config: ResultsConfig | null;
  /** For criterion titles, recommendation labels and the disagreement threshold. */
  rubric: Rubric | null;
  loading: boolean;
  loadError: CommandError | null;
  detail: DetailState | null;
  /** Loads everything for the round (keeping the method when it is the same round). */
  load(roundId: string): Promise<void>;
  setMethod(method: ResultMethod): Promise<void>;
  openDetail(applicationId: string): Promise<void>;
  closeDetail(): void;
}

/**
 * The secretary's results of one round. Everything is recomputed by the back end on each
 * call; this store only keeps the last answer for the round on screen. Writes (notes,
 * method, tie decisions) go straight through invoke() and the 'results' changed event
 * brings the new figures back here.
 */
export const useResults = create<ResultsState>((set, get) => {
  /** Answers that arrive for a round or method no longer on screen are dropped. */
  const current = (roundId: string, method: ResultMethod) => get().roundId === roundId && get().method === method;

  const fetchResults = async (roundId: string, method: ResultMethod) => {
    set({ loading: true, loadError: null });
    try {
      // The rubric comes with the config: the version the figures are computed against,
      // which is not the current one once the secretary edits a frozen rubric.
      const [results, config] = await Promise.all([invoke('results.show', { roundId, method }), invoke('results.config', { roundId })]);
      if (current(roundId, method)) set({ results, config, rubric: config.rubric, loading: false });
    } catch (error) {
      if (current(roundId, method)) set({ loading: false, loadError: toCommandError(error) });
    }
  };

  const fetchDetail = async (roundId: string, applicationId: string) => {
    try {
      const value = await invoke('results.detail', { roundId, applicationId });
      if (get().roundId === roundId && get().detail?.applicationId === applicationId) set({ detail: { applicationId, value, loading: false, loadError: null } });
    } catch (error) {
      if (get().roundId === roundId && get().detail?.applicationId === applicationId)
        set({ detail: { applicationId, value: null, loading: false, loadError: toCommandError(error) } });
    }
  };

  return {
    roundId: null,
    method: 'official',
    results: null,
    config: null,
    rubric: null,
    loading: false,
    loadError: null,
    detail: null,
    async load(roundId) {
      // Another round's figures must not flash while this one loads.
      if (get().roundId !== roundId) set({ roundId, method: 'official', results: null, config: null, rubric: null, detail: null });
      const { detail, method } = get();
      await Promise.all([fetchResults(roundId, method), detail === null ? Promise.resolve() : fetchDetail(roundId, detail.applicationId)]);
    },
    async setMethod(method) {
      const { roundId } = get();
      set({ method });
      if (roundId !== null) await fetchResults(roundId, method);
    },
    async openDetail(applicationId) {
      const { roundId, detail } = get();
      if (roundId === null) return;
      set({ detail: { applicationId, value: detail?.applicationId === applicationId ? detail.value : null, loading: true, loadError: null } });
      await fetchDetail(roundId, applicationId);
    },
    closeDetail() {
      set({ detail: null });
    },
  };
});
