import { createContext, useContext } from 'react';
import type { RubricDraft } from './rubricDraft';
import { type IssueIndex, noIssues } from './rubricIssues';

/** What every part of the editor needs, without passing it through each level. */
export interface RubricEditorContextValue {
  readOnly: boolean;
  issues: IssueIndex;
  edit(recipe: (draft: RubricDraft) => RubricDraft): void;
  /**
   * Focuses the first enabled element with one of these data-focus-ids once the next
   * render is on screen (after adding or moving a row).
   */
  requestFocus(...focusIds: string[]): void;
  /** Criteria (by row key) whose details are open. */
  expanded: ReadonlySet<string>;
  setExpanded(rowKey: string, open: boolean): void;
}

export const RubricEditorContext = createContext<RubricEditorContextValue>({
  readOnly: true,
  issues: noIssues,
  edit: () => undefined,
  requestFocus: () => undefined,
  expanded: new Set(),
  setExpanded: () => undefined,
});

export const useRubricEditorContext = (): RubricEditorContextValue => useContext(RubricEditorContext);

/** A DOM id for a field at a rubric path, so its label can point at it. */
export const fieldId = (path: readonly (string | number)[]): string => `rubric-${path.join('-')}`;
