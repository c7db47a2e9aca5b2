import { useCallback, useEffect, useState } from 'react';

/**
 * Focus that follows an edit: a new row's first field, a moved row's button. The ids
 * asked for are looked up (data-focus-id) after the render the edit caused, so the
 * element is where the edit put it; the first one present and enabled gets the focus.
 */
export function useFocusRequest(): (...focusIds: string[]) => void {
  const [wanted, setWanted] = useState<readonly string[] | null>(null);
  useEffect(() => {
    if (wanted === null) return;
    for (const id of wanted) {
      const element = document.querySelector<HTMLElement>(`[data-focus-id="${CSS.escape(id)}"]`);
      if (element !== null && !element.matches(':disabled')) {
        element.focus();
        break;
      }
    }
    setWanted(null);
  }, [wanted]);
  return useCallback((...focusIds: string[]) => setWanted(focusIds), []);
}
