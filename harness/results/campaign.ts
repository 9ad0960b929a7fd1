import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { matrixSchema } from '../matrix/schema.ts';
import { hostFingerprintSchema } from '../sampling/fingerprint-schema.ts';

/**
 * Version of campaign.json (run records keep their own, results/schema.ts). 2: `host` is the typed
 * fingerprint and `matrix` the validated matrix; version 1 files are migrated on read (campaign-migrate.ts).
 */
export const CAMPAIGN_SCHEMA_VERSION = 2;

/** A folder's content hash (results/tree-hash.ts). */
export const treeHashSchema = z.object({ sha256: z.string(), files: z.number(), bytes: z.number() });
// A path relative to the campaign folder that stays inside it (no absolute path, no `..`).
const insideCampaign = z
  .string()
  .min(1, 'expected a path')
  .refine(
    (p) => !isAbsolute(p) && !p.split(/[/\\]/).includes('..') && !p.includes('\0'),
    'expected a path inside the campaign folder',
  );

/** One entry of the campaign's run index. */
export const runIndexEntrySchema = z.object({
  scenario: z.string(),
  job: z.string(),
  rep: z.number(),
  warmup: z.boolean(),
  status: z.string(),
  /** Path of the run record, relative to the campaign folder. */
  file: insideCampaign,
});
export type RunIndexEntry = z.infer<typeof runIndexEntrySchema>;

/** A run record set aside by `run --resume` before the run was retried: its history. */
export const attemptEntrySchema = runIndexEntrySchema.extend({
  /** Why that attempt was not ok, as its record said. */
  error: z.string().nullable(),
  /** When it was set aside (ISO). */
  retriedAt: z.string(),
});
export type AttemptEntry = z.infer<typeof attemptEntrySchema>;

/** Schema of campaign.json, current version. */
export const campaignSchema = z.object({
  schemaVersion: z.literal(CAMPAIGN_SCHEMA_VERSION),
  /** Folder name under results/, e.g. `2026-11-29T05-00-00Z-paper-cpu`. */
  id: z.string(),
  /** Path of the matrix file as given. */
  matrixFile: z.string(),
  /** The matrix after loading, validation and CLI overrides (the matrix schema; --resume parses it again). */
  matrix: matrixSchema,
  /** The --only filter of the run (kept so --resume runs the same scenarios). */
  only: z.string().nullable().optional(),
  /** Host fingerprint, read once at the start (sampling/fingerprint-schema.ts). */
  host: hostFingerprintSchema,
  harness: z.object({ version: z.string(), commit: z.string().nullable(), node: z.string() }),
  /** Image id per stack as run. */
  images: z.record(z.string(), z.string()),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** 'running' until the loop ends; 'interrupted' after Ctrl-C. */
  state: z.enum(['running', 'complete', 'interrupted', 'failed']),
  runs: z.array(runIndexEntrySchema),
  /** Runs that were not ok and were retried by `run --resume`: where their records were kept. */
  attempts: z.array(attemptEntrySchema).optional(),
  /** Problems found across runs (e.g. framework fingerprints that differ between deployments of a stack). */
  warnings: z.array(z.string()),
  /** A user workload's folders, hashed when the campaign starts (and checked again at resume and at the end). */
  inputs: z
    .object({
      code: treeHashSchema.nullable(),
      data: treeHashSchema.nullable(),
      unchangedAtEnd: z.boolean().nullable(),
    })
    .optional(),
  /** Framework fingerprint per scenario, from the harness's own probe (user workloads). */
  frameworks: z.record(z.string(), z.record(z.string(), z.unknown()).nullable()).optional(),
});
/** `results/<campaign>/campaign.json`. */
export type Campaign = z.infer<typeof campaignSchema>;
