// Reads and writes fleet.json, and finds the node campaign folders of a fleet.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { displayPath } from '../core/paths.ts';
import { writeJsonAtomic } from '../core/atomic.ts';
import { migrateFleet, type Fleet } from './schema.ts';

/** File name of a fleet's index inside its folder. */
export const FLEET_FILE = 'fleet.json';

/** Whether a folder is a fleet folder (holds fleet.json). */
export async function isFleetDir(dir: string): Promise<boolean> {
  return stat(join(dir, FLEET_FILE)).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Loads and validates `DIR/fleet.json`. */
export async function loadFleet(dir: string): Promise<Fleet> {
  const file = join(resolve(dir), FLEET_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new HarnessError('E_NOT_FOUND', `${displayPath(dir)}: no fleet.json, not a fleet folder`, {
      fix: 'pass a folder written by `deploybench run --slurm` (results/<fleet>)',
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new HarnessError('E_RESULTS_INVALID', `${displayPath(file)}: not JSON`, {
      fix: 'restore the file, or start a new fleet',
      cause: error,
    });
  }
  return migrateFleet(raw, displayPath(file));
}

/** Writes `DIR/fleet.json` atomically. */
export async function writeFleet(dir: string, fleet: Fleet): Promise<void> {
  await writeJsonAtomic(join(dir, FLEET_FILE), fleet);
}

/** Absolute campaign folder of every node that has a campaign.json, in fleet order (baseline first). */
export async function nodeCampaignDirs(dir: string, fleet: Fleet): Promise<{ node: string; dir: string }[]> {
  const ordered = [...fleet.nodes].sort(
    (a, b) => Number(b.name === fleet.baseline) - Number(a.name === fleet.baseline),
  );
  const out: { node: string; dir: string }[] = [];
  for (const n of ordered) {
    const d = join(resolve(dir), n.dir);
    if (
      await stat(join(d, 'campaign.json')).then(
        () => true,
        () => false,
      )
    )
      out.push({ node: n.name, dir: d });
  }
  return out;
}

/** Report arguments with every fleet folder replaced by its node campaign folders (baseline first). */
export async function expandFleetDirs(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs) {
    if (!(await isFleetDir(d))) {
      out.push(d);
      continue;
    }
    const nodes = await nodeCampaignDirs(d, await loadFleet(d));
    if (nodes.length === 0)
      throw new HarnessError('E_RESULTS_INVALID', `${displayPath(d)}: no node of this fleet has a campaign yet`, {
        fix: 'wait for the fleet (`deploybench fleet wait DIR`)',
      });
    out.push(...nodes.map((n) => n.dir));
  }
  return out;
}

/** The fleets among report arguments (folders holding fleet.json), in the order given. */
export async function fleetsIn(dirs: readonly string[]): Promise<Fleet[]> {
  const out: Fleet[] = [];
  for (const d of dirs) if (await isFleetDir(d)) out.push(await loadFleet(d));
  return out;
}
