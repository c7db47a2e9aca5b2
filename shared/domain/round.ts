import { z } from 'zod';
import { hasControlChars } from './text';

/** Round kinds of CLI.md; `custom` is any other panel with its own rubric. */
export const roundKinds = ['plan-review', 'midterm', 'assessment', 'custom'] as const;
export const RoundKindSchema = z.enum(roundKinds, { error: 'validation.roundKind' });
export type RoundKind = z.infer<typeof RoundKindSchema>;

/** Who this data directory is in the round: the secretary who runs it or an expert who scores it. */
export const RoundRoleSchema = z.enum(['secretary', 'expert']);
export type RoundRole = z.infer<typeof RoundRoleSchema>;

export const ROUND_NAME_MAX = 120;


export const RoundNameSchema = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required' })
  .max(ROUND_NAME_MAX, { error: 'validation.tooLong' })
  .refine((name) => !hasControlChars(name), { error: 'validation.controlChars' });

/** Short ids people can type: lower-case Crockford base32 without i, l, o, u. */
export const ROUND_ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{10}$/;
export const RoundIdSchema = z.string().regex(ROUND_ID_PATTERN, { error: 'validation.roundId' });

export const RoundSchema = z.object({
  id: RoundIdSchema,
  name: z.string(),
  kind: RoundKindSchema,
  role: RoundRoleSchema,
  createdAt: z.string(),
});
export type Round = z.infer<typeof RoundSchema>;
