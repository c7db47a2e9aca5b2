/** Control characters would break the CLI's one-line output and printed reports. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export function hasControlChars(text: string): boolean {
  return CONTROL_CHARS.test(text);
}
