import { z } from 'zod';
import { RoundIdSchema } from './round';

/**
 * The audit log as the UI and the CLI see it (DESIGN.md "Store"). Actions are named
 * after the command that caused them; `detail` is what that command decided, as JSON.
 */
export const AUDIT_ACTIONS = [
  'expert.add',
  'expert.update',
  'expert.remove',
  'assignment.set',
  'assignment.auto',
  'conflict.decide',
  'panel.export',
  'bundle.import',
  'method.set',
  'tiebreak.set',
  'flag.note',
  'report.export',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/** A JSON value, as stored in `detail` (canonical JSON in the chain). */
export type AuditDetail = { [key: string]: AuditJson };
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

const JsonValueSchema: z.ZodType<AuditJson> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);

export const AuditEntrySchema = z.object({
  seq: z.int().min(1),
  at: z.string(),
  roundId: RoundIdSchema.nullable(),
  action: AuditActionSchema,
  detail: z.record(z.string(), JsonValueSchema),
  hash: z.string().length(64),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditListInputSchema = z
  .object({
    roundId: RoundIdSchema.optional(),
    /** Entries with a seq below this one (paging backwards from the newest). */
    before: z.int().min(1).optional(),
    limit: z.int().min(1).max(1000).default(200),
  })
  .strict();

export const AuditListOutputSchema = z.object({ entries: z.array(AuditEntrySchema), total: z.int().min(0) });

export const AuditVerifyOutputSchema = z.object({
  ok: z.literal(true),
  /** How many rows the chain has; all of them were recomputed. */
  entries: z.int().min(0),
  /** The last row's hash: write it down (a report carries it) to detect a cut-off tail later. */
  head: z.string().length(64).nullable(),
});
