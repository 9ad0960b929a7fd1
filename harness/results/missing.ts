import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { displayPath } from '../core/paths.ts';
import type { Campaign } from './campaign.ts';

/** Missing records named one by one at most; the rest are counted. */
const MAX_LISTED = 10;

/**
 * Warnings for run records that campaign.json lists but that are not on disk (the records under runs/
 * are the source of truth, so such runs are left out; a reader must say so rather than drop them).
 */
export async function missingRecordWarnings(
  dir: string,
  campaign: Campaign,
  found: readonly string[],
): Promise<string[]> {
  if (campaign.runs.length === 0) return [];
  const runsDir = join(dir, 'runs');
  const hasRuns = await stat(runsDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!hasRuns) {
    return [
      `${displayPath(runsDir)}: folder missing; campaign.json lists ${campaign.runs.length} run${campaign.runs.length === 1 ? '' : 's'}, none could be read (they are left out; \`deploybench run --resume\` runs them again)`,
    ];
  }
  const present = new Set(found.map((f) => resolve(f)));
  const missing = new Map<string, string>();
  for (const e of campaign.runs) {
    const file = resolve(dir, e.file);
    if (!present.has(file)) missing.set(file, `${e.scenario} ${e.job} ${e.warmup ? 'warmup' : 'rep'} ${e.rep}`);
  }
  const lines = [...missing]
    .slice(0, MAX_LISTED)
    .map(([file, what]) => `${displayPath(file)}: run record missing (${what}, listed in campaign.json); left out`);
  if (missing.size > MAX_LISTED)
    lines.push(`${missing.size - MAX_LISTED} more run records listed in campaign.json are missing; left out`);
  return lines;
}
