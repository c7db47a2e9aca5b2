import { z } from 'zod';
import { defineCommand } from './define';
import { LanguageSchema } from '../domain/language';
import { RoundIdSchema, RoundKindSchema, RoundNameSchema, RoundSchema } from '../domain/round';
import {
  ApplicationSchema,
  ImportInputSchema,
  ImportOutputSchema,
  SearchHitSchema,
  SearchInputSchema,
  Sha256Schema,
  UpdateApplicationInputSchema,
  UpdateDocumentInputSchema,
} from '../domain/application';
import {
  CreateIdentityInputSchema,
  IdentitySchema,
  ImportIdentityInputSchema,
  KeyCardFileSchema,
  PrivateKeysSchema,
  UnlockInputSchema,
} from '../domain/identity';
import {
  AddExpertsInputSchema,
  CheckCardsInputSchema,
  CheckedCardSchema,
  EnrolledExpertSchema,
  ExpertSchema,
  ExportPanelsInputSchema,
  ExportPanelsOutputSchema,
  RemoveExpertInputSchema,
  RemoveExpertOutputSchema,
  SetAssignmentsInputSchema,
  SetAssignmentsOutputSchema,
  UpdateExpertInputSchema,
} from '../domain/expert';
import {
  AutoAssignInputSchema,
  AutoAssignOutputSchema,
  DecideConflictInputSchema,
  DecideConflictOutputSchema,
  ListConflictsInputSchema,
  ListConflictsOutputSchema,
} from '../domain/conflictsSchema';
import {
  BundleVerifyInputSchema,
  BundleVerifyOutputSchema,
  PanelImportInputSchema,
  PanelImportOutputSchema,
  PanelInspectInputSchema,
  PanelInspectOutputSchema,
  ScoresExportForDownloadInputSchema,
  ScoresExportForDownloadOutputSchema,
  ScoresExportInputSchema,
  ScoresExportOutputSchema,
} from '../domain/expertRound';
import { BackupCreateInputSchema, BackupSummarySchema, BackupVerifyInputSchema } from '../domain/backup';
import {
  ReportDownloadInputSchema,
  ReportDownloadOutputSchema,
  ReportExportInputSchema,
  ReportExportOutputSchema,
  ReportPreviewInputSchema,
  ReportPreviewOutputSchema,
} from '../domain/report/reportExport';
import { ScoreSheetDownloadInputSchema, ScoreSheetDownloadOutputSchema, ScoreSheetExportInputSchema, ScoreSheetExportOutputSchema } from '../domain/report/scoreSheet';
import { AuditListInputSchema, AuditListOutputSchema, AuditVerifyOutputSchema } from '../domain/audit';
import { BundleImportInputSchema, BundleImportOutputSchema, ReturnsStatusInputSchema, ReturnsStatusOutputSchema } from '../domain/merge';
import { RubricSchema } from '../domain/rubric';
import { ResultsSchema } from '../domain/results/resultsSchema';
import { ResultsDetailInputSchema, ResultsDetailOutputSchema } from '../domain/results/reviewDetail';
import {
  FlagNoteInputSchema,
  MethodSetInputSchema,
  ResultsConfigSchema,
  ResultsShowInputSchema,
  TieDecideInputSchema,
} from '../domain/results/resultsCommands';
import {
  CoiDeclareInputSchema,
  CoiDeclareOutputSchema,
  CommentSetInputSchema,
  EvidenceInputSchema,
  EvidenceRemoveInputSchema,
  EvidenceSchema,
  OpinionSetInputSchema,
  RubricSetInputSchema,
  RubricShowInputSchema,
  RubricShowOutputSchema,
  SavedSchema,
  ScoreSetInputSchema,
  ScoringSheetInputSchema,
  ScoringSheetOutputSchema,
  TargetsSetInputSchema,
} from '../domain/scoring';

const NoInput = z.object({}).strict();

/**
 * Every command of Panel Review, declared once. The router, the IPC bridge, the web
 * shell, the CLI and the renderer's client are all typed from this object; a feature
 * adds its commands here and its handlers in electron/core/<feature>/.
 */
export const commands = {
  'app.info': defineCommand({
    input: NoInput,
    output: z.object({
      version: z.string(),
      dataDir: z.string(),
      schemaVersion: z.number().int(),
    }),
    mutates: false,
  }),
  'round.create': defineCommand({
    // Without a rubric the round uses its kind's built-in one (shared/domain/rubricTemplates.ts).
    input: z.object({ name: RoundNameSchema, kind: RoundKindSchema, rubric: RubricSchema.optional() }).strict(),
    output: RoundSchema,
    mutates: true,
  }),
  'round.list': defineCommand({
    input: NoInput,
    output: z.object({ rounds: z.array(RoundSchema) }),
    mutates: false,
  }),
  'settings.get': defineCommand({
    input: NoInput,
    output: z.object({ language: LanguageSchema.nullable() }),
    mutates: false,
  }),
  'settings.set': defineCommand({
    input: z.object({ language: LanguageSchema }).strict(),
    output: z.object({ language: LanguageSchema.nullable() }),
    mutates: true,
  }),
  'application.import': defineCommand({
    input: ImportInputSchema,
    output: ImportOutputSchema,
    long: true,
    mutates: true,
  }),
  'application.list': defineCommand({
    input: z.object({ roundId: RoundIdSchema }).strict(),
    output: z.object({ applications: z.array(ApplicationSchema) }),
    mutates: false,
  }),
  'application.update': defineCommand({
    // Fields left out stay as they are; an empty string clears one.
    input: UpdateApplicationInputSchema,
    output: ApplicationSchema,
    mutates: true,
  }),
  'document.update': defineCommand({
    input: UpdateDocumentInputSchema,
    output: ApplicationSchema,
    mutates: true,
  }),
  'document.open': defineCommand({
    input: z.object({ sha256: Sha256Schema }).strict(),
    output: z.object({
      sha256: Sha256Schema,
      pages: z.number().int().positive(),
      /** The open password of a password-protected PDF, kept at import for the reader. */
      password: z.string().nullable(),
      /** Relative URL both shells serve the bytes at, with HTTP Range. */
      url: z.string(),
      /** Where the reader left this document last time, if ever. */
      lastPage: z.number().int().positive().nullable(),
    }),
    mutates: false,
  }),
  'document.savePosition': defineCommand({
    input: z.object({ sha256: Sha256Schema, page: z.number().int().positive().max(100_000) }).strict(),
    output: z.object({ saved: z.boolean() }),
    mutates: true,
  }),
  'search.query': defineCommand({
    input: SearchInputSchema,
    output: z.object({ hits: z.array(SearchHitSchema) }),
    mutates: false,
  }),
  // Identity: unlock and lock change only what the core holds in memory, so they don't mutate.
  'identity.get': defineCommand({
    input: NoInput,
    output: IdentitySchema.nullable(),
    mutates: false,
  }),
  'identity.create': defineCommand({
    input: CreateIdentityInputSchema,
    output: IdentitySchema,
    mutates: true,
  }),
  'identity.import': defineCommand({
    input: ImportIdentityInputSchema,
    output: IdentitySchema,
    mutates: true,
  }),
  'identity.unlock': defineCommand({
    input: UnlockInputSchema,
    output: IdentitySchema,
    mutates: false,
  }),
  'identity.lock': defineCommand({
    input: NoInput,
    output: IdentitySchema.nullable(),
    mutates: false,
  }),
  'identity.keyCard': defineCommand({
    input: NoInput,
    output: KeyCardFileSchema,
    mutates: false,
  }),
  'identity.exportPrivate': defineCommand({
    // Needs the identity unlocked; the texts are what stock ssh-keygen and age read.
    input: NoInput,
    output: PrivateKeysSchema,
    mutates: false,
  }),
  // The secretary's panel: experts from key cards, assignments, one package per expert.
  'expert.add': defineCommand({
    // All cards or none; a card enrolled before is 'unchanged'.
    input: AddExpertsInputSchema,
    output: z.object({ experts: z.array(EnrolledExpertSchema) }),
    mutates: true,
  }),
  'expert.list': defineCommand({
    input: z.object({ roundId: RoundIdSchema }).strict(),
    output: z.object({ experts: z.array(ExpertSchema) }),
    mutates: false,
  }),
  'expert.checkCards': defineCommand({
    // The cards checked as expert.add would (refusing the same way), nothing enrolled: fingerprints to confirm first.
    input: CheckCardsInputSchema,
    output: z.object({ cards: z.array(CheckedCardSchema) }),
    mutates: false,
  }),
  'expert.update': defineCommand({
    // Name, affiliation, city, province; fields left out stay as they are.
    input: UpdateExpertInputSchema,
    output: ExpertSchema,
    mutates: true,
  }),
  'expert.remove': defineCommand({
    // Takes the expert's assignments, conflict decisions and package records with them.
    input: RemoveExpertInputSchema,
    output: RemoveExpertOutputSchema,
    mutates: true,
  }),
  'assignment.set': defineCommand({
    // Refuses a recused application (ASSIGNMENT_RECUSED) and a flagged one without an 'allow' (CONFLICT_UNDECIDED).
    input: SetAssignmentsInputSchema,
    output: SetAssignmentsOutputSchema,
    mutates: true,
  }),
  'assignment.auto': defineCommand({
    // Keeps what is assigned, tops every application up to N; all or nothing (AUTO_ASSIGN_IMPOSSIBLE).
    input: AutoAssignInputSchema,
    output: AutoAssignOutputSchema,
    mutates: true,
  }),
  'conflict.decide': defineCommand({
    // A recusal removes the expert's assignment to the application in the same transaction.
    input: DecideConflictInputSchema,
    output: DecideConflictOutputSchema,
    mutates: true,
  }),
  'conflict.list': defineCommand({
    input: ListConflictsInputSchema,
    output: ListConflictsOutputSchema,
    mutates: false,
  }),
  'panel.export': defineCommand({
    // Needs the identity unlocked: the packages are signed by the secretary.
    input: ExportPanelsInputSchema,
    output: ExportPanelsOutputSchema,
    long: true,
    mutates: true,
  }),
  // The expert's side: a panel package opened as a round, score bundles out; and the
  // secretary's check of a bundle. All need the identity unlocked (age key, signing key).
  'panel.inspect': defineCommand({
    // Decrypts and verifies into staging, then removes it: nothing is stored.
    input: PanelInspectInputSchema,
    output: PanelInspectOutputSchema,
    mutates: false,
  }),
  'panel.import': defineCommand({
    input: PanelImportInputSchema,
    output: PanelImportOutputSchema,
    long: true,
    mutates: true,
  }),
  'scores.export': defineCommand({
    input: ScoresExportInputSchema,
    output: ScoresExportOutputSchema,
    mutates: true,
  }),
  'scores.exportForDownload': defineCommand({
    // scores.export for the web shell: the bytes come back instead of a file being written.
    input: ScoresExportForDownloadInputSchema,
    output: ScoresExportForDownloadOutputSchema,
    mutates: true,
  }),
  'scoresheet.export': defineCommand({
    // The printable score sheet (PDF) naming the newest bundle; refuses one that matches no export unless draft.
    input: ScoreSheetExportInputSchema,
    output: ScoreSheetExportOutputSchema,
    // Writes only the PDF the person asked for; the store is read, never changed.
    mutates: false,
  }),
  'scoresheet.exportForDownload': defineCommand({
    // scoresheet.export for the web shell: the PDF comes back as bytes instead of a file being written.
    input: ScoreSheetDownloadInputSchema,
    output: ScoreSheetDownloadOutputSchema,
    mutates: false,
  }),
  'bundle.verify': defineCommand({
    input: BundleVerifyInputSchema,
    output: BundleVerifyOutputSchema,
    mutates: false,
  }),
  // The secretary's merge (DESIGN.md "Merge rules"); needs the identity unlocked (the age key opens the bundles).
  'bundle.import': defineCommand({
    // Each file merged all or nothing, with one audit entry per file whatever its outcome.
    input: BundleImportInputSchema,
    output: BundleImportOutputSchema,
    long: true,
    mutates: true,
  }),
  'returns.status': defineCommand({
    input: ReturnsStatusInputSchema,
    output: ReturnsStatusOutputSchema,
    mutates: false,
  }),
  // Rubrics: every round has one; the secretary edits it until a panel package freezes it.
  'rubric.show': defineCommand({
    input: RubricShowInputSchema,
    output: RubricShowOutputSchema,
    mutates: false,
  }),
  'rubric.set': defineCommand({
    // A frozen rubric is not changed: the edit becomes its next version.
    input: RubricSetInputSchema,
    output: RubricShowOutputSchema,
    mutates: true,
  }),
  // The expert's scoring sheet: one read of the whole sheet, one small durable write per change.
  'scoring.sheet': defineCommand({
    input: ScoringSheetInputSchema,
    output: ScoringSheetOutputSchema,
    mutates: false,
  }),
  'coi.declare': defineCommand({
    // Declaring a conflict removes what was entered for that application (the answer says how much).
    input: CoiDeclareInputSchema,
    output: CoiDeclareOutputSchema,
    mutates: true,
  }),
  'score.set': defineCommand({
    input: ScoreSetInputSchema,
    output: SavedSchema,
    mutates: true,
  }),
  'comment.set': defineCommand({
    input: CommentSetInputSchema,
    output: SavedSchema,
    mutates: true,
  }),
  'opinion.set': defineCommand({
    input: OpinionSetInputSchema,
    output: SavedSchema,
    mutates: true,
  }),
  'evidence.add': defineCommand({
    input: EvidenceInputSchema,
    output: EvidenceSchema,
    mutates: true,
  }),
  'evidence.remove': defineCommand({
    input: EvidenceRemoveInputSchema,
    output: z.object({ removed: z.boolean() }),
    mutates: true,
  }),
  'targets.set': defineCommand({
    // The criterion's whole table: rows in order, replacing what was there.
    input: TargetsSetInputSchema,
    output: SavedSchema,
    mutates: true,
  }),
  // The secretary's results: computed from merged reviews on every call.
  'results.show': defineCommand({
    input: ResultsShowInputSchema,
    output: ResultsSchema,
    mutates: false,
  }),
  'results.detail': defineCommand({
    // What each expert wrote about one application: scores with comments, opinion, evidence, targets.
    input: ResultsDetailInputSchema,
    output: ResultsDetailOutputSchema,
    mutates: false,
  }),
  'results.config': defineCommand({
    input: z.object({ roundId: RoundIdSchema }).strict(),
    output: ResultsConfigSchema,
    mutates: false,
  }),
  'method.set': defineCommand({
    // The official method and the tie-break chain; after the first merge a method change needs a reason.
    input: MethodSetInputSchema,
    output: ResultsConfigSchema,
    mutates: true,
  }),
  'flag.note': defineCommand({
    input: FlagNoteInputSchema,
    output: z.object({ saved: z.literal(true) }),
    mutates: true,
  }),
  'tie.decide': defineCommand({
    input: TieDecideInputSchema,
    output: z.object({ saved: z.literal(true) }),
    mutates: true,
  }),
  'report.export': defineCommand({
    // A report of the round (xlsx, csv, json, pdf) written whole or not at all, then audited; refuses open flags unless draft.
    input: ReportExportInputSchema,
    output: ReportExportOutputSchema,
    long: true,
    // Writes the file and appends its audit entry; the round's data is only read.
    mutates: true,
  }),
  'report.exportForDownload': defineCommand({
    // report.export for the web shell: the bytes come back instead of a file being written; audited the same.
    input: ReportDownloadInputSchema,
    output: ReportDownloadOutputSchema,
    long: true,
    mutates: true,
  }),
  'report.preview': defineCommand({
    // The PDF opinion summary as it would be exported, to look at: nothing written, nothing audited.
    input: ReportPreviewInputSchema,
    output: ReportPreviewOutputSchema,
    long: true,
    mutates: false,
  }),
  'backup.create': defineCommand({
    // The whole workspace to one file: the database (online backup), documents, sealed keys; written whole or not at all.
    input: BackupCreateInputSchema,
    output: BackupSummarySchema,
    long: true,
    mutates: false,
  }),
  'backup.verify': defineCommand({
    // Every entry of a backup checked against its manifest, the database copy's integrity too; nothing restored.
    input: BackupVerifyInputSchema,
    output: BackupSummarySchema,
    long: true,
    mutates: false,
  }),
  'audit.verify': defineCommand({
    // Refuses with AUDIT_CHAIN_BROKEN naming the first row that does not fit.
    input: z.object({}).strict(),
    output: AuditVerifyOutputSchema,
    mutates: false,
  }),
  'audit.list': defineCommand({
    input: AuditListInputSchema,
    output: AuditListOutputSchema,
    mutates: false,
  }),
  'task.cancel': defineCommand({
    input: z.object({ taskId: z.string().min(1).max(100) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
    mutates: false,
  }),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
