/**
 * Line breaking for Chinese text with Latin words inside, measured by the caller (pure:
 * no PDF here, so it is tested on its own).
 *
 * Units of breaking: every Han character and CJK punctuation mark is a unit, a run of
 * Latin letters and digits ("AI", "42.5%", "GB/T") is one unit (kept whole unless it is
 * wider than a line), a space is a unit and disappears at a line's edges. Then 禁则
 * (line-breaking rules of GB/T 15834 practice): closing punctuation (，。、；：？！）》”…)
 * never starts a line and opening punctuation (（《“) never ends one; a break that would
 * do either moves the neighbouring characters to the next line (推出). "——" and "……"
 * stay in one piece.
 */

/** Must not start a line (行首禁则). */
const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕〉”’…—·%％‰,.;:?!)]}'));
/** Must not end a line (行尾禁则). */
const NO_LINE_END = new Set(Array.from('（《「『【〔〈“‘([{'));
/** How many units a 禁则 push may move to the next line before giving up and breaking anyway. */
const MAX_PUSH = 3;

function isCjk(codePoint: number): boolean {
  return (
    (codePoint >= 0x2e80 && codePoint <= 0x9fff) || // radicals, CJK symbols and punctuation, kana, Han
    (codePoint >= 0xf900 && codePoint <= 0xfaff) || // compatibility ideographs
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) || // compatibility forms
    (codePoint >= 0xff00 && codePoint <= 0xffef) || // full-width forms (，（）：)
    (codePoint >= 0x20000 && codePoint <= 0x3134f) || // extensions B–G
    codePoint === 0x2014 || // — (as in ——)
    codePoint === 0x2026 || // …
    (codePoint >= 0x2018 && codePoint <= 0x201d) || // ‘ ’ “ ”
    codePoint === 0xb7 // ·
  );
}

/**
 * Punctuation Unicode gives one code point for Chinese and Latin text alike: a CJK font
 * draws it full width ("Expert’ s"), right in Chinese and wrong in English. Beside a
 * Latin letter (or before a digit) it is Latin text and takes the font's proportional
 * form (OpenType pwid, fontMetrics.ts); beside Han characters it stays full width.
 */
const AMBIGUOUS_WIDTH = new Set(['‘', '’', '“', '”', '—', '…', '·']);
const isLatinLetter = (char: string | undefined) => char !== undefined && /^[A-Za-z\u00c0-\u024f]$/.test(char);
const isAsciiDigit = (char: string | undefined) => char !== undefined && /^[0-9]$/.test(char);

/** Whether chars[index] is set in the proportional (Latin) forms rather than the CJK ones. */
export function isProportional(chars: readonly string[], index: number): boolean {
  const char = chars[index] ?? '';
  if (AMBIGUOUS_WIDTH.has(char)) return isLatinLetter(chars[index - 1]) || isLatinLetter(chars[index + 1]) || isAsciiDigit(chars[index + 1]);
  return !isCjk(char.codePointAt(0) ?? 0);
}

export interface ScriptRun {
  text: string;
  proportional: boolean;
}

/** Text cut where it changes between CJK and proportional (Latin) forms. */
export function scriptRuns(text: string): ScriptRun[] {
  const chars = Array.from(text);
  const runs: ScriptRun[] = [];
  chars.forEach((char, index) => {
    const proportional = isProportional(chars, index);
    const last = runs.at(-1);
    if (last !== undefined && last.proportional === proportional) last.text += char;
    else runs.push({ text: char, proportional });
  });
  return runs;
}

/** Characters that come in pairs in Chinese text and must not be split. */
const DOUBLED = new Set(['—', '…']);

/**
 * Tabs become spaces; other control characters (which no font draws) and the zero-width
 * and bidi formatting characters are dropped. Newlines stay: they are hard breaks.
 */
export function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, '')
  );
}

/** Breaking units of one line of text (no newlines). */
export function tokenize(text: string): string[] {
  const units: string[] = [];
  let word = '';
  const flush = () => {
    if (word !== '') units.push(word);
    word = '';
  };
  const chars = Array.from(text);
  for (const [index, char] of chars.entries()) {
    if (char === ' ') {
      flush();
      units.push(' ');
    } else if (!isProportional(chars, index)) {
      flush();
      const previous = units.at(-1);
      if (previous !== undefined && DOUBLED.has(char) && previous.endsWith(char) && previous.length < 2) units[units.length - 1] = previous + char;
      else units.push(char);
    } else {
      word += char;
    }
  }
  flush();
  return units;
}

export interface TextSpan<Style> {
  text: string;
  style: Style;
}

export interface Token<Style> {
  text: string;
  style: Style;
  width: number;
}

export interface Line<Style> {
  tokens: Token<Style>[];
  /** Sum of the tokens' widths. */
  width: number;
  /** The room this line had (its first line may be indented). */
  room: number;
  /** First line of a paragraph (after a hard break or at the start). */
  first: boolean;
  /** Last line of a paragraph: not justified. */
  last: boolean;
}

export type Measure<Style> = (text: string, style: Style) => number;

export interface WrapOptions {
  /** Room of each paragraph's first line, when it differs (首行缩进, a label beside it). */
  firstLineWidth?: number;
}

type Paragraph<Style> = Token<Style>[];

/** Splits styled text into paragraphs (at newlines) of measured tokens. */
function paragraphsOf<Style>(spans: readonly TextSpan<Style>[], measure: Measure<Style>): Paragraph<Style>[] {
  const paragraphs: Paragraph<Style>[] = [[]];
  for (const span of spans) {
    cleanText(span.text)
      .split('\n')
      .forEach((piece, index) => {
        if (index > 0) paragraphs.push([]);
        const current = paragraphs[paragraphs.length - 1] as Paragraph<Style>;
        for (const text of tokenize(piece)) current.push({ text, style: span.style, width: measure(text, span.style) });
      });
  }
  return paragraphs;
}

/** A unit wider than a whole line (a SHA-256 in hex, a long URL) is cut between characters. */
function splitOversized<Style>(token: Token<Style>, room: number, measure: Measure<Style>): Token<Style>[] {
  const pieces: Token<Style>[] = [];
  let text = '';
  let width = 0;
  for (const char of token.text) {
    const charWidth = measure(char, token.style);
    if (text !== '' && width + charWidth > room) {
      pieces.push({ text, style: token.style, width });
      text = '';
      width = 0;
    }
    text += char;
    width += charWidth;
  }
  if (text !== '') pieces.push({ text, style: token.style, width });
  return pieces;
}

const firstChar = (token: Token<unknown> | undefined) => (token === undefined ? '' : (Array.from(token.text)[0] ?? ''));
const lastChar = (token: Token<unknown> | undefined) => (token === undefined ? '' : (Array.from(token.text).at(-1) ?? ''));

/** Where to break before `end`, moving units to the next line so that neither 禁则 is broken. */
function kinsokuBreak<Style>(tokens: readonly Token<Style>[], start: number, end: number): number {
  let at = end;
  for (let pushed = 0; pushed < MAX_PUSH && at - 1 > start; pushed += 1) {
    const badStart = NO_LINE_START.has(firstChar(tokens[at]));
    const badEnd = NO_LINE_END.has(lastChar(tokens[at - 1]));
    if (!badStart && !badEnd) return at;
    at -= 1;
  }
  const settled = !NO_LINE_START.has(firstChar(tokens[at])) && !NO_LINE_END.has(lastChar(tokens[at - 1]));
  return settled ? at : end; // cannot satisfy within MAX_PUSH: keep the greedy break
}

function trimmedLine<Style>(tokens: Token<Style>[], room: number, first: boolean, last: boolean): Line<Style> {
  let from = 0;
  let to = tokens.length;
  while (from < to && tokens[from]?.text === ' ') from += 1;
  while (to > from && tokens[to - 1]?.text === ' ') to -= 1;
  const kept = tokens.slice(from, to);
  return { tokens: kept, width: kept.reduce((sum, token) => sum + token.width, 0), room, first, last };
}

/** Greedy line breaking with 禁则; every paragraph (newline) gives at least one line. */
export function wrapSpans<Style>(spans: readonly TextSpan<Style>[], measure: Measure<Style>, width: number, options: WrapOptions = {}): Line<Style>[] {
  const lines: Line<Style>[] = [];
  for (const paragraph of paragraphsOf(spans, measure)) {
    if (paragraph.length === 0) {
      lines.push({ tokens: [], width: 0, room: width, first: true, last: true });
      continue;
    }
    const tokens = [...paragraph];
    let start = 0;
    let first = true;
    while (start < tokens.length) {
      const room = first ? (options.firstLineWidth ?? width) : width;
      let used = 0;
      let end = start;
      while (end < tokens.length && used + (tokens[end]?.width ?? 0) <= room + 1e-6) {
        used += tokens[end]?.width ?? 0;
        end += 1;
      }
      if (end === start) {
        // Nothing fits: a unit wider than the room is cut; otherwise it fits a full line.
        const token = tokens[start] as Token<Style>;
        if (token.width > room) {
          const pieces = splitOversized(token, room, measure);
          tokens.splice(start, 1, ...pieces);
        }
        end = start + 1;
      } else if (end < tokens.length) {
        end = kinsokuBreak(tokens, start, end);
      }
      lines.push(trimmedLine(tokens.slice(start, end), room, first, end >= tokens.length));
      start = end;
      first = false;
    }
  }
  return lines;
}

/** Plain text in one style. */
export function wrapText(text: string, measure: (text: string) => number, width: number, options: WrapOptions = {}): Line<null>[] {
  return wrapSpans([{ text, style: null }], (piece) => measure(piece), width, options);
}

/** The text of a line, as drawn. */
export const lineText = (line: Line<unknown>): string => line.tokens.map((token) => token.text).join('');
