export const PANEL_EXTENSION = '.prpanel';
export const SCORES_EXTENSION = '.prscores';

/** Byte budgets per part (UTF-8): the whole name stays far below the 255 bytes of ext4 and NTFS, Chinese and all. */
const ROUND_PART_BYTES = 90;
const EXPERT_PART_BYTES = 60;
/** Names Windows reserves for devices, with or without an extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * A file name a person recognises on a USB stick — round name, expert name and the
 * start of the expert's fingerprint — that is valid on Windows and Linux alike.
 * `fingerprintChars` can grow when two experts' names would otherwise collide.
 */
export function panelFileName(roundName: string, expertName: string, fingerprint: string, fingerprintChars = 8): string {
  // Base64 has '/' (a path separator) and '+'; keyCardFileName maps them the same way.
  const short = fingerprint.replace(/^SHA256:/, '').slice(0, fingerprintChars).replace(/\//g, '_').replace(/\+/g, '-');
  return `${safePart(roundName, ROUND_PART_BYTES, 'round')}-${safePart(expertName, EXPERT_PART_BYTES, 'expert')}-${short}${PANEL_EXTENSION}`;
}

/** The expert's score bundle for a download: round name, expert name and revision, e.g. `…评审-张三-r2.prscores`. */
export function scoresFileName(roundName: string, expertName: string, revision: number): string {
  return `${safePart(roundName, ROUND_PART_BYTES, 'round')}-${safePart(expertName, EXPERT_PART_BYTES, 'expert')}-r${revision}${SCORES_EXTENSION}`;
}

/** The expert's printed score sheet for a download: round name, expert name and what it is, e.g. `…评审-张三-评分表-r2.pdf`. */
export function scoreSheetFileName(roundName: string, expertName: string, label: string): string {
  return `${safePart(roundName, ROUND_PART_BYTES, 'round')}-${safePart(expertName, EXPERT_PART_BYTES, 'expert')}-${safePart(label, 40, 'sheet')}.pdf`;
}

/** A report of a secretary's round for a download: round name and report, e.g. `…评审-评分汇总表.xlsx`. */
export function reportFileName(roundName: string, label: string, extension: string): string {
  return `${safePart(roundName, ROUND_PART_BYTES, 'round')}-${safePart(label, 60, 'report')}.${extension}`;
}

function safePart(text: string, maxBytes: number, fallback: string): string {
  const cleaned = text
    // Forbidden on Windows, or a separator or control character anywhere.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    // Bidirectional controls would show the name in another order than it is stored.
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ');
  const cut = trimSpacesAndDots(truncateUtf8(cleaned, maxBytes));
  if (cut === '' || WINDOWS_DEVICE.test(cut)) return cut === '' ? fallback : `_${cut}`;
  return cut;
}

/** Windows drops trailing dots and spaces silently; leading ones hide files on Linux. */
function trimSpacesAndDots(text: string): string {
  return text.replace(/^[.\s]+|[.\s]+$/g, '');
}

/** At most `maxBytes` of UTF-8, cut between code points (never inside a character). */
function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > maxBytes) break;
    out += char;
  }
  return out;
}
