import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeJsonAtomic } from '../core/atomic.ts';
import { runRecordSchema, type RunRecord } from './schema.ts';

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

/**
 * Sets a run record aside before its run is retried, so the new attempt cannot overwrite it:
 * `rep-2.json` with its `.samples.ndjson`, `.log` and `.out/` becomes `rep-2.try-1.json` and so on
 * (the next free number). The name no longer matches `rep-<n>.json`, so readers of the campaign skip it;
 * the record itself is rewritten to name its moved files. Returns the new path of the record.
 *
 * Order: the side files move first, then the new record is written, then the old one removed; a crash
 * in between leaves the old record in place (still the run's record), never none.
 */
export async function archiveRunRecord(file: string, record: RunRecord): Promise<string> {
  const dir = dirname(file);
  const stem = basename(file, '.json');
  let n = 1;
  while (await exists(join(dir, `${stem}.try-${n}.json`))) n++;
  const tag = `${stem}.try-${n}`;
  const moveAs = async (name: string | null, suffix: string): Promise<string | null> => {
    if (name === null) return null;
    const target = `${tag}${suffix}`;
    const moved = await rename(join(dir, name), join(dir, target)).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    return moved ? target : null;
  };
  const samples = await moveAs(record.samples.file, '.samples.ndjson');
  const log = await moveAs(record.logFile, '.log');
  await moveAs(`${stem}.out`, '.out');
  const archived: RunRecord = { ...record, samples: { ...record.samples, file: samples }, logFile: log };
  const target = join(dir, `${tag}.json`);
  await writeJsonAtomic(target, runRecordSchema.parse(archived));
  await rm(file, { force: true });
  return target;
}
