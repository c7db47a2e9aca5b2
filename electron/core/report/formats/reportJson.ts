import { REPORT_FORMAT, type ReportData } from '../../../../shared/domain/report/reportData';
import { canonicalJson } from '../../crypto/canonicalJson';

/**
 * The report as JSON: exactly what `results --json` prints for the official method, plus
 * `report`, saying which round, rubric version and bundles the figures come from, and
 * when and by which version they were written. Canonical (RFC 8785 key order and number
 * form, so two reports of the same data compare byte for byte apart from the time) and
 * indented for people, UTF-8.
 */
export function reportJsonDocument(data: ReportData): Record<string, unknown> {
  return {
    ...data.results,
    report: {
      format: REPORT_FORMAT,
      language: data.language,
      round: { id: data.round.id, name: data.round.name, kind: data.round.kind },
      rubricVersion: data.rubricVersion,
      generatedAt: data.generatedAt,
      appVersion: data.appVersion,
      draft: data.draft,
      auditHead: data.auditHead,
      bundles: data.bundles.map(({ fingerprint, expert, revision, sha256, exportedAt, receivedAt, applications, merged }) => ({
        fingerprint,
        expert,
        revision,
        sha256,
        exportedAt,
        receivedAt,
        applications,
        merged,
      })),
    },
  };
}

export function renderReportJson(data: ReportData): Uint8Array {
  return new TextEncoder().encode(`${indentJson(canonicalJson(reportJsonDocument(data)))}\n`);
}

/**
 * Indents compact JSON without parsing it again, so the canonical key order and number
 * forms are kept exactly (a parse would move integer-like keys first).
 */
export function indentJson(compact: string, unit = '  '): string {
  let out = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < compact.length; i += 1) {
    const character = compact[i] as string;
    if (inString) {
      out += character;
      if (character === '\\') out += compact[(i += 1)] ?? '';
      else if (character === '"') inString = false;
      continue;
    }
    const next = compact[i + 1];
    if (character === '"') inString = true;
    if ((character === '{' || character === '[') && next !== '}' && next !== ']') {
      depth += 1;
      out += `${character}\n${unit.repeat(depth)}`;
    } else if ((character === '}' || character === ']') && compact[i - 1] !== '{' && compact[i - 1] !== '[') {
      depth -= 1;
      out += `\n${unit.repeat(depth)}${character}`;
    } else if (character === ',') {
      out += `,\n${unit.repeat(depth)}`;
    } else if (character === ':') {
      out += ': ';
    } else {
      out += character;
    }
  }
  return out;
}
