import type { Result } from '../../../shared/contract/errors';
import { PANEL_FORMAT, type PanelManifest, type PanelMember } from '../../../shared/domain/panelPackage';
import type { RoundKind } from '../../../shared/domain/round';
import { rubricTemplate } from '../../../shared/domain/rubricTemplates';
import { documentPathOf, memberOf, testApplications, type TestDocument, type TestMember } from '../panel/panelTestKit';
import type { PdfEngine } from '../documents/pdfEngine';
import { writePanelPackage } from '../panel/writePanelPackage';
import { extractPages } from '../pdf/extractText';
import { inspectPdf } from '../pdf/inspectPdf';

/**
 * Test-only: panel packages for an expert whose keys live in a data directory (so only
 * their public key card is known), signed by a secretary made in the test. Used by the
 * tests beside this file and by test/cli/panelImport.test.ts; the app never imports it.
 */

export const SOURCE_ROUND_ID = 'rd0123456z';

/** pdf.js in the test's own thread: cores made by tests need no worker. */
export const inProcessPdf: PdfEngine = { inspect: inspectPdf, extract: extractPages, close: async () => undefined };

/** A router answer that must be ok, as its value. */
export async function ok<T>(result: Promise<Result<unknown>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled.error)}`);
  return settled.value as T;
}

export interface TestPackageOptions {
  secretary: TestMember;
  /** The expert the manifest names (e.g. from `identity.get`). */
  expert: PanelMember;
  /** Two documents per application, in order. */
  documents: readonly TestDocument[];
  outPath: string;
  roundId?: string;
  packageId?: string;
  roundName?: string;
  /** The round kind; its built-in rubric goes in the manifest. */
  kind?: RoundKind;
  /** age recipients; by default the expert and the secretary, as the secretary's export does. */
  recipients?: string[];
}

export function testManifest(options: TestPackageOptions): PanelManifest {
  return {
    format: PANEL_FORMAT,
    packageId: options.packageId ?? 'pk0123456z',
    createdAt: '2026-11-23T08:00:00.000Z',
    round: { id: options.roundId ?? SOURCE_ROUND_ID, name: options.roundName ?? '2026年“中国制造2025”试点城市实施方案评审', kind: options.kind ?? 'plan-review' },
    rubric: rubricTemplate(options.kind ?? 'plan-review'),
    secretary: memberOf(options.secretary),
    expert: options.expert,
    applications: testApplications(options.documents, (n) => `ap0000${String(n).padStart(4, '0')}`),
  };
}

export async function writeTestPackage(options: TestPackageOptions): Promise<{ file: string; manifest: PanelManifest }> {
  const manifest = testManifest(options);
  await writePanelPackage({
    manifest,
    documentPath: documentPathOf(options.documents),
    signer: options.secretary.signing,
    recipients: options.recipients ?? [options.expert.ageRecipient, options.secretary.age.recipient],
    outPath: options.outPath,
  });
  return { file: options.outPath, manifest };
}
