import { z } from 'zod';
import { SCHEMA_VERSION } from './schema.ts';

/** A folder's content hash (results/tree-hash.ts). */
export const treeHashSchema = z.object({ sha256: z.string(), files: z.number(), bytes: z.number() });

/** One entry of the campaign's run index. */
export const runIndexEntrySchema = z.object({
  scenario: z.string(),
  job: z.string(),
  rep: z.number(),
  warmup: z.boolean(),
  status: z.string(),
  /** Path of the run record, relative to the campaign folder. */
  file: z.string(),
});
export type RunIndexEntry = z.infer<typeof runIndexEntrySchema>;

export const campaignSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** Folder name under results/, e.g. `2026-11-29T05-00-00Z-paper-cpu`. */
  id: z.string(),
  /** Path of the matrix file as given. */
  matrixFile: z.string(),
  /** The matrix after loading, validation and CLI overrides. */
  matrix: z.record(z.string(), z.unknown()),
  /** The --only filter of the run (kept so --resume runs the same scenarios). */
  only: z.string().nullable().optional(),
  /** Host fingerprint (systeminformation), read once at the start. */
  host: z.record(z.string(), z.unknown()),
  harness: z.object({ version: z.string(), commit: z.string().nullable(), node: z.string() }),
  /** Image id per stack as run. */
  images: z.record(z.string(), z.string()),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** 'running' until the loop ends; 'interrupted' after Ctrl-C. */
  state: z.enum(['running', 'complete', 'interrupted', 'failed']),
  runs: z.array(runIndexEntrySchema),
  /** Problems found across runs (e.g. framework fingerprints that differ between deployments of a stack). */
  warnings: z.array(z.string()),
  /** A user workload's folders, hashed when the campaign starts (and checked again at resume and at the end). */
  inputs: z.object({ code: treeHashSchema.nullable(), data: treeHashSchema.nullable(), unchangedAtEnd: z.boolean().nullable() }).optional(),
  /** Framework fingerprint per scenario, from the harness's own probe (user workloads). */
  frameworks: z.record(z.string(), z.record(z.string(), z.unknown()).nullable()).optional(),
});
/** `results/<campaign>/campaign.json`. */
export type Campaign = z.infer<typeof campaignSchema>;
