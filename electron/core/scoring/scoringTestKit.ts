import path from 'node:path';
import type { PanelMember } from '../../../shared/domain/panelPackage';
import type { RoundKind } from '../../../shared/domain/round';
import type { Rubric } from '../../../shared/domain/rubric';
import { corpusFile } from '../../../test/helpers/corpus';
import { createCore, type Core } from '../core';
import { inProcessPdf, ok, testManifest } from '../expert/expertTestKit';
import { documentFromFile, documentPathOf, type TestMember } from '../panel/panelTestKit';
import { writePanelPackage } from '../panel/writePanelPackage';

/**
 * Test-only: an expert's data directory with a round received from a real, signed panel
 * package (two applications of Chinese PDFs), ready to be scored. Used by the scoring
 * tests, the crash test and the autosave benchmark; the app never imports it.
 */

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

export interface ExpertRoundOptions {
  dataDir: string;
  packageDir: string;
  secretary: TestMember;
  /** The round kind; the package carries its built-in rubric unless `rubric` is given. */
  kind?: RoundKind;
  /** The rubric the package carries instead (e.g. a wider one for the autosave benchmark). */
  rubric?: Rubric;
}

export async function expertRound(options: ExpertRoundOptions): Promise<ExpertRound> {
  const core = createCore({ dataDir: options.dataDir, pdfEngines: [inProcessPdf], identity: { scryptWorkFactor: 1 } });
  const me = await ok<PanelMember>(core.router.dispatch('identity.create', { name: '张三', affiliation: '同济大学', passphrase: TEST_PASSPHRASE }));
  const expert = { name: me.name, affiliation: me.affiliation, fingerprint: me.fingerprint, sshPublicKey: me.sshPublicKey, ageRecipient: me.ageRecipient };
  const documents = DOCUMENTS.map((name) => documentFromFile(corpusFile(name)));
  const file = path.join(options.packageDir, 'p.prpanel');
  const manifest = testManifest({ secretary: options.secretary, expert, documents, outPath: file, ...(options.kind === undefined ? {} : { kind: options.kind }) });
  // What writeTestPackage does, with the rubric replaced when one is given.
  await writePanelPackage({
    manifest: options.rubric === undefined ? manifest : { ...manifest, rubric: options.rubric },
    documentPath: documentPathOf(documents),
    signer: options.secretary.signing,
    recipients: [expert.ageRecipient, options.secretary.age.recipient],
    outPath: file,
  });
  const { roundId } = await ok<{ roundId: string }>(core.router.dispatch('panel.import', { file }));
  const { applications } = await ok<{ applications: { id: string }[] }>(core.router.dispatch('application.list', { roundId }));
  return { core, me: expert, roundId, applicationIds: applications.map((application) => application.id) };
}
