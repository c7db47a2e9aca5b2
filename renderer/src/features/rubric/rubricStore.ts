import { create } from 'zustand';
import type { CommandError } from '../../../../shared/contract/errors';
import type { Rubric } from '../../../../shared/domain/rubric';
import type { RubricShowOutput } from '../../../../shared/domain/scoring';
import { invoke, toCommandError } from '../../api/client';
import { type RubricDraft, draftToInput, toDraft } from './rubricDraft';

/** The draft as the schema sees it, without the editor's row keys: equal texts, equal rubrics. */
const fingerprint = (draft: RubricDraft) => JSON.stringify(draftToInput(draft));

interface RubricEditorState {
  roundId: string | null;
  /** The rubric as last loaded or saved: its version, whether it is frozen, whether it can be edited. */
  shown: RubricShowOutput | null;
  draft: RubricDraft | null;
  /** fingerprint() of the draft as loaded, to tell unsaved changes. */
  baseline: string;
  loading: boolean;
  loadError: CommandError | null;
  saving: boolean;
  load(roundId: string): Promise<void>;
  edit(recipe: (draft: RubricDraft) => RubricDraft): void;
  /** Puts an imported rubric in the editor; it is saved only by save(). */
  replace(rubric: Rubric): void;
  /** Resolves with what the back end stored (rejects with ApiError for the dialog to show). */
  save(rubric: Rubric): Promise<RubricShowOutput>;
  close(): void;
}

/** The secretary's rubric editor: one round's rubric at a time. */
export const useRubricEditor = create<RubricEditorState>((set, get) => ({
  roundId: null,
  shown: null,
  draft: null,
  baseline: '',
  loading: false,
  loadError: null,
  saving: false,
  async load(roundId) {
    set({ roundId, loading: true, loadError: null, shown: null, draft: null });
    try {
      const shown = await invoke('rubric.show', { roundId });
      if (get().roundId !== roundId) return;
      const draft = toDraft(shown.rubric);
      set({ shown, draft, baseline: fingerprint(draft), loading: false });
    } catch (error) {
      if (get().roundId === roundId) set({ loading: false, loadError: toCommandError(error) });
    }
  },
  edit(recipe) {
    const { draft } = get();
    if (draft !== null) set({ draft: recipe(draft) });
  },
  replace(rubric) {
    set({ draft: toDraft(rubric) });
  },
  async save(rubric) {
    const { roundId } = get();
    if (roundId === null) throw new Error('no rubric is open');
    set({ saving: true });
    try {
      const shown = await invoke('rubric.set', { roundId, rubric });
      const draft = toDraft(shown.rubric);
      set({ shown, draft, baseline: fingerprint(draft), saving: false });
      return shown;
    } catch (error) {
      set({ saving: false });
      throw error;
    }
  },
  close() {
    set({ roundId: null, shown: null, draft: null, baseline: '', loading: false, loadError: null, saving: false });
  },
}));

/** Whether the draft differs from what was loaded or last saved. */
export const selectDirty = (state: RubricEditorState): boolean => state.draft !== null && fingerprint(state.draft) !== state.baseline;
