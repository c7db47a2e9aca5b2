import path from 'node:path';
import type { Result } from '../../../shared/contract/errors';
import type { PanelMember } from '../../../shared/domain/panelPackage';
import type { RoundKind } from '../../../shared/domain/round';
import { corpusFile } from '../../../test/helpers/corpus';
import { createCore, type Core } from '../core';
import type { PdfEngine } from '../documents/pdfEngine';
import { writeTestPackage } from '../expert/expertTestKit';
import { documentFromFile, type TestMember } from '../panel/panelTestKit';
import { extractPages } from '../pdf/extractText';
import { inspectPdf } from '../pdf/inspectPdf';

/**
 * Test-only: an expert's data directory with a round received from a real, signed panel
 * package (two applications of Chinese PDFs), ready to be scored. Used by the scoring
 * tests, the crash test and the autosave benchmark; the app never imports it.
 */

export const inProcessPdf: PdfEngine = { inspect: inspectPdf, extract: extractPages, close: async () => undefined };

export async function ok<T>(result: Promise<Result<unknown>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled.error)}`);
  return settled.value as T;
}

export interface ExpertRound {
  core: Core;
  me: PanelMember;
  roundId: string;
  /** The expert's local application ids, in the package's order. */
  applicationIds: string[];
}

export const TEST_PASSPHRASE = 'correct horse battery';

/** Documents of the two applications: a prospectus and a proposal, then the proposal and the ctex manual. */
const DOCUMENTS = ['cjk-cns1-prospectus.pdf', 'report-cjk-proposal.pdf', 'report-cjk-proposal.pdf', 'cjk-ctex.pdf'];

export async function expertRound(options: { dataDir: string; packageDir: string; secretary: TestMember; kind?: RoundKind }): Promise<ExpertRound> {
  const core = createCore({ dataDir: options.dataDir, pdfEngines: [inProcessPdf], identity: { scryptWorkFactor: 1 } });
  const me = await ok<PanelMember>(core.router.dispatch('identity.create', { name: '张三', affiliation: '同济大学', passphrase: TEST_PASSPHRASE }));
  const expert = { name: me.name, affiliation: me.affiliation, fingerprint: me.fingerprint, sshPublicKey: me.sshPublicKey, ageRecipient: me.ageRecipient };
  const { file } = await writeTestPackage({
    secretary: options.secretary,
    expert,
    documents: DOCUMENTS.map((name) => documentFromFile(corpusFile(name))),
    outPath: path.join(options.packageDir, 'p.prpanel'),
    ...(options.kind === undefined ? {} : { kind: options.kind }),
  });
  const { roundId } = await ok<{ roundId: string }>(core.router.dispatch('panel.import', { file }));
  const { applications } = await ok<{ applications: { id: string }[] }>(core.router.dispatch('application.list', { roundId }));
  return { core, me: expert, roundId, applicationIds: applications.map((application) => application.id) };
}
