import { z } from 'zod';

/** Progress of a long command (import, extraction, merge, report). `total` null: not known yet. */
export const ProgressEventSchema = z.object({
  type: z.literal('progress'),
  taskId: z.string(),
  command: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable(),
});

/** Stored data changed: views of that entity reload. */
export const ChangedEventSchema = z.object({
  type: z.literal('changed'),
  entity: z.enum(['rounds', 'settings', 'applications', 'experts', 'rubrics', 'results']),
});

export const AppEventSchema = z.discriminatedUnion('type', [ProgressEventSchema, ChangedEventSchema]);
export type AppEvent = z.infer<typeof AppEventSchema>;
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;
