import i18next from 'i18next';

/**
 * The localisation service pdf.js's viewer components call (their `L10n`), in a few
 * lines over our own i18next messages instead of pdf.js's default: that one is a Fluent
 * runtime with a DOM observer, and on a 2415-page document it spent ~60 ms formatting a
 * "Page N" label for every page before the first page could be drawn. The viewer marks
 * elements with `data-l10n-id` / `data-l10n-args`; `translate(root)` labels those under
 * root now and as they are added. Only the ids the read-only viewer uses are known;
 * others keep pdf.js's English text (there is none for them in the DOM anyway).
 */
type Apply = (element: Element, args: Record<string, unknown>) => void;

/**
 * i18next formats one message in ~20 µs, and the viewer labels every page of a
 * 2415-page document at once: format each message once per language, with markers
 * where the arguments go, and fill those in.
 */
const templates = new Map<string, string>();

function format(key: string, args: Record<string, unknown>): string {
  const names = Object.keys(args).sort();
  const cacheKey = `${i18next.language}\u0000${key}\u0000${names.join(',')}`;
  let template = templates.get(cacheKey);
  if (template === undefined) {
    template = i18next.t(key, Object.fromEntries(names.map((name) => [name, `\uE000${name}\uE001`])));
    templates.set(cacheKey, template);
  }
  return template.replace(/\uE000(\w+)\uE001/g, (_, name: string) => String(args[name] ?? ''));
}

const label =
  (key: string, attribute: string): Apply =>
  (element, args) =>
    element.setAttribute(attribute, format(key, args));

const known: Record<string, Apply> = {
  'pdfjs-page-landmark': label('reader.pageLandmark', 'aria-label'),
  'pdfjs-text-annotation-type': label('reader.annotationType', 'alt'),
  'pdfjs-show-comment-button': label('reader.showComment', 'title'),
  'pdfjs-annotation-date-time-string': (element, args) => {
    const date = args.dateObj;
    element.textContent = typeof date === 'number' ? new Date(date).toLocaleString(i18next.language) : '';
  },
};

function parseArgs(element: Element): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(element.getAttribute('data-l10n-args') ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function translateElement(element: Element): void {
  const id = element.getAttribute('data-l10n-id');
  const apply = id === null ? undefined : known[id];
  apply?.(element, parseArgs(element));
}

function translateTree(root: Element): void {
  if (root.hasAttribute('data-l10n-id')) translateElement(root);
  for (const element of root.querySelectorAll('[data-l10n-id]')) translateElement(element);
}

export class ReaderL10n {
  readonly #observers = new Map<Element, MutationObserver>();

  getLanguage(): string {
    return i18next.language === 'en' ? 'en-us' : 'zh-cn';
  }

  getDirection(): string {
    return 'ltr';
  }

  async get(ids: string | string[], args: Record<string, unknown> | null = null): Promise<string | string[] | undefined> {
    const one = (id: string) => {
      const element = document.createElement('span');
      element.setAttribute('data-l10n-id', id);
      known[id]?.(element, args ?? {});
      return element.getAttribute('aria-label') ?? element.getAttribute('title') ?? element.textContent ?? undefined;
    };
    return Array.isArray(ids) ? ids.map((id) => one(id) ?? '') : one(ids);
  }

  async translate(root: Element): Promise<void> {
    if (this.#observers.has(root)) return;
    translateTree(root);
    const observer = new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === 'attributes') {
          if (mutation.target instanceof Element) translateElement(mutation.target);
          continue;
        }
        for (const node of mutation.addedNodes) if (node instanceof Element) translateTree(node);
      }
    });
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-l10n-id', 'data-l10n-args'] });
    this.#observers.set(root, observer);
  }

  async translateOnce(element: Element): Promise<void> {
    translateTree(element);
  }

  async destroy(): Promise<void> {
    for (const observer of this.#observers.values()) observer.disconnect();
    this.#observers.clear();
  }

  // pdf.js pauses translation around its own DOM changes; labelling is idempotent, so
  // there is nothing to hold back.
  pause(): void {}

  resume(): void {}
}
