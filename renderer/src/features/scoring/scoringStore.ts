import { create } from 'zustand';
import type { CommandError } from '../../../../shared/contract/errors';
import type { CoiDeclaration } from '../../../../shared/domain/scoreBundle';
import type { Evidence, ScoringSheet, SheetApplication, TargetRowInput } from '../../../../shared/domain/scoring';
import { invoke, toCommandError } from '../../api/client';

/**
 * The expert's scoring sheet of one round, edited in place. Every change shows at once
 * and is sent after a short pause in typing (SAVE_AFTER_MS); what the core acknowledges
 * is durable. Writes to one field go out one after another, never overlapping, so the
 * last value typed is the last value stored. The last changes can be undone.
 */

/** At most this long between a keystroke and its save (the issue asks ≤ 300 ms). */
export const SAVE_AFTER_MS = 250;
const UNDO_DEPTH = 50;

type OpinionFields = { strengths?: string; issues?: string; recommendation?: string | null };

/** One field of the sheet a change is about, and how to write a value of it. */
type Field =
  | { kind: 'score'; applicationId: string; criterionId: string }
  | { kind: 'comment'; applicationId: string; criterionId: string }
  | { kind: 'opinion'; applicationId: string; name: keyof OpinionFields }
  | { kind: 'targets'; applicationId: string; criterionId: string };

type FieldValue = number | null | string | TargetRowInput[];

interface UndoEntry {
  field: Field;
  before: FieldValue;
}

export interface SaveState {
  /** Changes typed but not yet acknowledged. */
  pending: number;
  lastSavedAt: string | null;
  error: CommandError | null;
}

interface ScoringState {
  roundId: string | null;
  sheet: ScoringSheet | null;
  loadError: CommandError | null;
  save: SaveState;
  undo: UndoEntry[];
  load(roundId: string): Promise<void>;
  setScore(applicationId: string, criterionId: string, value: number | null): void;
  setComment(applicationId: string, criterionId: string, comment: string): void;
  setOpinion(applicationId: string, name: keyof OpinionFields, value: string | null): void;
  setTargets(applicationId: string, criterionId: string, rows: TargetRowInput[]): void;
  declare(applicationId: string, coi: CoiDeclaration): Promise<void>;
  addEvidence(applicationId: string, anchor: Omit<Evidence, 'id' | 'createdAt'>): Promise<void>;
  removeEvidence(applicationId: string, evidenceId: number): Promise<void>;
  undoLast(): void;
  /** Sends every waiting change now (the window is closing, the application switches). */
  flush(): Promise<void>;
}

const keyOf = (field: Field): string =>
  field.kind === 'opinion' ? `opinion:${field.applicationId}:${field.name}` : `${field.kind}:${field.applicationId}:${field.criterionId}`;

const timers = new Map<string, { timer: ReturnType<typeof setTimeout>; send: () => Promise<void> }>();
/** The last write of each field, so the next one waits for it. */
const chains = new Map<string, Promise<void>>();
/** The value of a field before the current burst of typing, for undo. */
const burstStart = new Map<string, FieldValue>();
/** Values typed and not yet acknowledged: a sheet read meanwhile is shown with them applied. */
const unacknowledged = new Map<string, { field: Field; value: FieldValue }>();

function applicationOf(sheet: ScoringSheet, applicationId: string): SheetApplication | undefined {
  return sheet.applications.find((application) => application.applicationId === applicationId);
}

function readField(sheet: ScoringSheet, field: Field): FieldValue {
  const application = applicationOf(sheet, field.applicationId);
  if (application === undefined) return null;
  switch (field.kind) {
    case 'score':
      return application.scores.find((score) => score.criterionId === field.criterionId)?.value ?? null;
    case 'comment':
      return application.scores.find((score) => score.criterionId === field.criterionId)?.comment ?? '';
    case 'opinion':
      return field.name === 'recommendation' ? application.opinion.recommendation : application.opinion[field.name];
    case 'targets':
      return application.targets.find((table) => table.criterionId === field.criterionId)?.rows ?? [];
  }
}

/** The sheet with one field changed, as the core will store it. */
function writeField(sheet: ScoringSheet, field: Field, value: FieldValue): ScoringSheet {
  const applications = sheet.applications.map((application) => {
    if (application.applicationId !== field.applicationId) return application;
    switch (field.kind) {
      case 'score':
      case 'comment': {
        const existing = application.scores.find((score) => score.criterionId === field.criterionId);
        const next = {
          criterionId: field.criterionId,
          value: field.kind === 'score' ? (value as number | null) : (existing?.value ?? null),
          comment: field.kind === 'comment' ? (value as string) : (existing?.comment ?? ''),
          updatedAt: new Date().toISOString(),
        };
        const others = application.scores.filter((score) => score.criterionId !== field.criterionId);
        const empty = next.value === null && next.comment === '';
        return { ...application, scores: empty ? others : [...others, next] };
      }
      case 'opinion':
        return { ...application, opinion: { ...application.opinion, [field.name]: value } };
      case 'targets': {
        const others = application.targets.filter((table) => table.criterionId !== field.criterionId);
        const rows = value as TargetRowInput[];
        return { ...application, targets: rows.length === 0 ? others : [...others, { criterionId: field.criterionId, rows }] };
      }
    }
  });
  return { ...sheet, applications };
}

function sendField(roundId: string, field: Field, value: FieldValue): Promise<unknown> {
  const base = { roundId, applicationId: field.applicationId };
  switch (field.kind) {
    case 'score':
      return invoke('score.set', { ...base, criterionId: field.criterionId, value: value as number | null });
    case 'comment':
      return invoke('comment.set', { ...base, criterionId: field.criterionId, comment: value as string });
    case 'opinion':
      return invoke('opinion.set', { ...base, [field.name]: value });
    case 'targets':
      return invoke('targets.set', { ...base, criterionId: field.criterionId, rows: value as TargetRowInput[] });
  }
}

export const useScoring = create<ScoringState>((set, get) => {
  // The saved state: a change leaves (pending), then is acknowledged or refused.
  const started = () => set((state) => ({ save: { ...state.save, pending: state.save.pending + 1 } }));
  const acknowledged = (savedAt: string) => set((state) => ({ save: { pending: state.save.pending - 1, lastSavedAt: savedAt, error: null } }));
  const refused = (caught: unknown) => set((state) => ({ save: { ...state.save, pending: state.save.pending - 1, error: toCommandError(caught) } }));

  const change = (field: Field, value: FieldValue, recordUndo = true) => {
    const { sheet, roundId } = get();
    if (sheet === null || roundId === null) return;
    const key = keyOf(field);
    if (recordUndo && !burstStart.has(key)) burstStart.set(key, readField(sheet, field));
    set({ sheet: writeField(sheet, field, value) });
    const typed = { field, value };
    unacknowledged.set(key, typed);
    const waiting = timers.get(key);
    if (waiting !== undefined) clearTimeout(waiting.timer);
    else started();
    const send = () => {
      timers.delete(key);
      const before = burstStart.get(key);
      burstStart.delete(key);
      if (recordUndo && before !== undefined) set((state) => ({ undo: [...state.undo, { field, before }].slice(-UNDO_DEPTH) }));
      const previous = chains.get(key) ?? Promise.resolve();
      const next = previous.then(() =>
        sendField(roundId, field, value).finally(() => {
          if (unacknowledged.get(key) === typed) unacknowledged.delete(key);
        }).then(
          (result) => {
            const savedAt = typeof result === 'object' && result !== null && 'savedAt' in result ? String(result.savedAt) : new Date().toISOString();
            acknowledged(savedAt);
          },
          refused,
        ),
      );
      chains.set(key, next);
      return next;
    };
    timers.set(key, { timer: setTimeout(() => void send(), SAVE_AFTER_MS), send });
  };

  const replaceApplication = (applicationId: string, update: (application: SheetApplication) => SheetApplication) => {
    const { sheet } = get();
    if (sheet === null) return;
    set({ sheet: { ...sheet, applications: sheet.applications.map((a) => (a.applicationId === applicationId ? update(a) : a)) } });
  };

  const immediate = async (run: () => Promise<void>) => {
    started();
    try {
      await run();
      acknowledged(new Date().toISOString());
    } catch (caught) {
      refused(caught);
      throw caught;
    }
  };

  return {
    roundId: null,
    sheet: null,
    loadError: null,
    save: { pending: 0, lastSavedAt: null, error: null },
    undo: [],
    async load(roundId) {
      // Changes still on their way first: a sheet read before them would show old values.
      await get().flush();
      if (get().roundId !== roundId) set({ roundId, sheet: null, loadError: null, undo: [] });
      try {
        const read = await invoke('scoring.sheet', { roundId });
        const sheet = [...unacknowledged.values()].reduce((current, { field, value }) => writeField(current, field, value), read);
        if (get().roundId === roundId) set({ sheet, loadError: null });
      } catch (caught) {
        if (get().roundId === roundId) set({ loadError: toCommandError(caught) });
      }
    },
    setScore: (applicationId, criterionId, value) => change({ kind: 'score', applicationId, criterionId }, value),
    setComment: (applicationId, criterionId, comment) => change({ kind: 'comment', applicationId, criterionId }, comment),
    setOpinion: (applicationId, name, value) => change({ kind: 'opinion', applicationId, name }, value),
    setTargets: (applicationId, criterionId, rows) => change({ kind: 'targets', applicationId, criterionId }, rows),
    async declare(applicationId, coi) {
      const { roundId } = get();
      if (roundId === null) return;
      await get().flush();
      await immediate(async () => {
        const declared = await invoke('coi.declare', { roundId, applicationId, coi });
        const cleared = declared.coi.kind === 'conflict';
        replaceApplication(applicationId, (application) => ({
          ...application,
          coi: declared.coi,
          declaredAt: new Date().toISOString(),
          ...(cleared ? { scores: [], opinion: { strengths: '', issues: '', recommendation: null }, evidence: [], targets: [] } : {}),
        }));
        // Undoing a change to a cleared application would be refused: forget those.
        if (cleared) set((state) => ({ undo: state.undo.filter((entry) => entry.field.applicationId !== applicationId) }));
      });
    },
    async addEvidence(applicationId, anchor) {
      const { roundId } = get();
      if (roundId === null) return;
      await immediate(async () => {
        const added = await invoke('evidence.add', { roundId, applicationId, ...anchor });
        replaceApplication(applicationId, (application) => ({ ...application, evidence: [...application.evidence, added] }));
      });
    },
    async removeEvidence(applicationId, evidenceId) {
      const { roundId } = get();
      if (roundId === null) return;
      await immediate(async () => {
        await invoke('evidence.remove', { roundId, evidenceId });
        replaceApplication(applicationId, (application) => ({ ...application, evidence: application.evidence.filter((e) => e.id !== evidenceId) }));
      });
    },
    undoLast() {
      const entry = get().undo.at(-1);
      if (entry === undefined) return;
      set((state) => ({ undo: state.undo.slice(0, -1) }));
      change(entry.field, entry.before, false);
    },
    async flush() {
      const sends = [...timers.values()].map((waiting) => {
        clearTimeout(waiting.timer);
        return waiting.send();
      });
      await Promise.all([...sends, ...chains.values()]);
    },
  };
});

// Closing or hiding the window sends what is still waiting: at most the last keystrokes
// of a killed process are lost, never a pause in typing.
if (typeof window !== 'undefined') {
  const flush = () => void useScoring.getState().flush();
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
}
