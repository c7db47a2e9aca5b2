import type { KeyboardEvent } from 'react';

/**
 * The sheet's shortcuts, in one place: Alt+↓/↑ move between criteria, Enter in a score
 * goes to the next one, Alt+PageDown/PageUp switch applications, Ctrl+Z (outside a text
 * field, which has its own undo) takes back the last change.
 */
export function sheetKeyHandler(actions: { switchApplication(direction: 1 | -1): void; undo(): void }) {
  return (event: KeyboardEvent<HTMLElement>) => {
    const target = event.target instanceof HTMLElement ? event.target : null;
    const inScore = target?.dataset.scoreInput !== undefined;
    const inText = target !== null && (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && !inScore));
    if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      moveScoreFocus(event.currentTarget, target, event.key === 'ArrowDown' ? 1 : -1);
    } else if (inScore && event.key === 'Enter') {
      event.preventDefault();
      moveScoreFocus(event.currentTarget, target, 1);
    } else if (event.altKey && (event.key === 'PageDown' || event.key === 'PageUp')) {
      event.preventDefault();
      actions.switchApplication(event.key === 'PageDown' ? 1 : -1);
    } else if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z' && !inText) {
      event.preventDefault();
      actions.undo();
    }
  };
}

/** Focuses the score of the next (or previous) criterion after the one holding `from`. */
export function moveScoreFocus(root: HTMLElement, from: HTMLElement | null, direction: 1 | -1): void {
  const inputs = [...root.querySelectorAll<HTMLInputElement>('input[data-score-input]')];
  const current = from?.closest('[data-criterion]')?.getAttribute('data-criterion');
  const index = inputs.findIndex((input) => input.dataset.scoreInput === current);
  const next = inputs[index === -1 ? 0 : Math.min(Math.max(index + direction, 0), inputs.length - 1)];
  next?.focus();
  next?.select();
  next?.scrollIntoView({ block: 'nearest' });
}

/** Focuses one criterion's score (from the list of missing ones). */
export function focusCriterion(root: HTMLElement | null, criterionId: string): void {
  const input = root?.querySelector<HTMLInputElement>(`input[data-score-input="${CSS.escape(criterionId)}"]`);
  input?.scrollIntoView({ block: 'center' });
  input?.focus();
}
