import { readdir, realpath } from 'node:fs/promises';
import { join, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { HarnessError } from '../core/errors.ts';
import { MAX_CAMPAIGN_BYTES, MAX_RECORD_BYTES, MAX_SAMPLES_BYTES } from '../core/limits.ts';
import { displayPath } from '../core/paths.ts';
import { readTextLimited } from '../core/read-limited.ts';
import { describeValue, formatPath, valueAt } from '../core/yaml.ts';
import { missingRecordWarnings } from './missing.ts';
import { writeJsonAtomic } from '../core/atomic.ts';
import { parseSamplesNdjson } from './ndjson.ts';
import { CAMPAIGN_SCHEMA_VERSION, campaignSchema, type Campaign } from './campaign.ts';
import { campaignFix } from './campaign-fix.ts';
import { migrateCampaign } from './campaign-migrate.ts';
import { migrateRunRecord, upgradedRecordWarnings } from './migrate.ts';
import { SCHEMA_VERSION, runRecordSchema, type RunRecord, type Sample } from './schema.ts';

/** A run record read back from disk, with where it came from. */
export interface LoadedRun {
  record: RunRecord;
  /** Absolute path of the rep-<n>.json file. */
  file: string;
  /** Reads the run's time series (empty when none was stored). */
  samples(): Promise<Sample[]>;
}

/** A campaign folder read back from disk. */
export interface LoadedCampaign {
  dir: string;
  campaign: Campaign;
  /** Every run record under runs/, in index order where indexed, sorted by path otherwise. */
  runs: LoadedRun[];
  /** Problems found reading it that leave it usable, one sentence each (e.g. records listed in campaign.json but missing). */
  warnings: string[];
}

/** Path of a run record inside a campaign folder, as in design.md. */
export function runRecordPath(
  campaignDir: string,
  scenario: string,
  job: string,
  rep: number,
  warmup: boolean,
): string {
  return join(campaignDir, 'runs', scenario, job, `${warmup ? 'warmup' : 'rep'}-${rep}.json`);
}

/** How readVersionedJson reads one kind of file. */
export interface VersionedRead {
  /** Size limit, in bytes (default MAX_RECORD_BYTES). */
  maxBytes?: number;
  /** Newest schemaVersion this kind of file has (default SCHEMA_VERSION); newer files are refused. */
  current?: number;
  /** Turns the raw JSON of an older version into the current shape, before the schema parses it. */
  migrate?: (raw: unknown) => unknown;
  /** The fix to print for a schema problem at `path` (default: re-run it or remove the file). */
  fixFor?: (path: readonly PropertyKey[]) => string;
}

async function readJson(file: string, what: string, maxBytes: number): Promise<unknown> {
  const shown = displayPath(file);
  try {
    return JSON.parse(
      await readTextLimited(file, maxBytes, {
        what,
        code: 'E_RESULTS_INVALID',
        fix: `the ${what} was not written by deploybench or is damaged; re-run it or remove the file`,
      }),
    );
  } catch (cause) {
    if (cause instanceof HarnessError) throw cause;
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new HarnessError(
      missing ? 'E_NOT_FOUND' : 'E_RESULTS_INVALID',
      `${shown}: ${missing ? 'not found' : `not valid JSON (${(cause as Error).message})`}`,
      {
        fix: missing
          ? `check the path; a ${what} folder holds campaign.json`
          : `the ${what} is damaged; re-run it or remove the file`,
        cause,
      },
    );
  }
}

/** Reads a JSON file with `schemaVersion`, migrating older ones and refusing newer or broken ones with the path, the field and the fix. */
export async function readVersionedJson<T>(
  file: string,
  schema: z.ZodType<T>,
  what: string,
  opts: VersionedRead = {},
): Promise<T> {
  const shown = displayPath(file);
  const current = opts.current ?? SCHEMA_VERSION;
  const stored = await readJson(file, what, opts.maxBytes ?? MAX_RECORD_BYTES);
  const version = (stored as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > current) {
    throw new HarnessError(
      'E_RESULTS_NEWER',
      `${shown}: schemaVersion ${version} is newer than this deploybench understands (${current})`,
      {
        fix: 'upgrade deploybench (git pull && npm install) to read it',
      },
    );
  }
  const value = opts.migrate ? opts.migrate(stored) : stored;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? formatPath(first.path) : '';
    const found =
      first && first.code !== 'unrecognized_keys' ? `, found ${describeValue(valueAt(value, first.path))}` : '';
    throw new HarnessError(
      'E_RESULTS_INVALID',
      `${shown}: not a valid ${what}: ${where}: ${first?.message ?? 'invalid'}${found}`,
      {
        fix:
          opts.fixFor?.(first?.path ?? []) ??
          `the ${what} was written by another tool or damaged; re-run it or remove the file`,
      },
    );
  }
  return parsed.data;
}

/** Writes a run record atomically. */
export async function writeRunRecord(file: string, record: RunRecord): Promise<void> {
  await writeJsonAtomic(file, runRecordSchema.parse(record));
}

/** Writes campaign.json atomically. */
export async function writeCampaign(dir: string, campaign: Campaign): Promise<void> {
  await writeJsonAtomic(join(dir, 'campaign.json'), campaignSchema.parse(campaign));
}

async function findRunFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/^(rep|warmup)-\d+\.json$/.test(e.name)) out.push(p);
    }
  };
  await walk(join(dir, 'runs'));
  return out.sort();
}

/**
 * Reads the NDJSON time series beside a run record, validated; a missing file gives no samples (the
 * record stays usable). With `within`, a file that resolves (symbolic links followed) outside that
 * folder is refused: records are data, and must not make the harness read other files.
 */
export async function readSamples(file: string, within?: string): Promise<Sample[]> {
  const shown = displayPath(file);
  if (within) await assertInside(file, within, 'time series');
  const text = await readTextLimited(file, MAX_SAMPLES_BYTES, {
    what: 'time series',
    code: 'E_RESULTS_INVALID',
    fix: 'the file is damaged or not a time series; re-run the job or delete the file',
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return parseSamplesNdjson(text, shown);
}

// Refuses a path that leaves `folder` once symbolic links are resolved (a missing file passes: there is nothing to read).
async function assertInside(file: string, folder: string, what: string): Promise<void> {
  const real = await realpath(file).catch(() => null);
  if (real === null) return;
  const root = await realpath(folder).catch(() => resolve(folder));
  const rel = relative(root, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new HarnessError(
      'E_RESULTS_INVALID',
      `${displayPath(file)}: the ${what} leads outside the campaign folder ${displayPath(folder)} (to ${real}); not read`,
      {
        fix: 'the campaign folder was altered; replace the link by the real file or remove it',
      },
    );
  }
}

/** Reads a campaign folder: campaign.json and every run record under runs/ (the source of truth). */
export async function loadCampaign(dir: string): Promise<LoadedCampaign> {
  const campaign = await readVersionedJson(join(dir, 'campaign.json'), campaignSchema, 'campaign', {
    maxBytes: MAX_CAMPAIGN_BYTES,
    current: CAMPAIGN_SCHEMA_VERSION,
    migrate: migrateCampaign,
    fixFor: campaignFix,
  });
  const files = await findRunFiles(dir);
  const runs = await Promise.all(
    files.map(async (file): Promise<LoadedRun> => {
      await assertInside(file, dir, 'run record');
      const record = await readVersionedJson(file, runRecordSchema, 'run record', {
        maxBytes: MAX_RECORD_BYTES,
        migrate: migrateRunRecord,
      });
      const samplesFile = record.samples.file ? join(dirname(file), record.samples.file) : null;
      return { record, file, samples: () => (samplesFile ? readSamples(samplesFile, dir) : Promise.resolve([])) };
    }),
  );
  const warnings = [
    ...(await missingRecordWarnings(dir, campaign, files)),
    ...upgradedRecordWarnings(runs.map((r) => r.record)),
  ];
  return { dir, campaign, runs, warnings };
}
