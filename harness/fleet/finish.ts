// After the fleet: one report with every node side by side, and a diff of each node against the baseline.
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { displayPath, paths } from '../core/paths.ts';
import type { DiffFormat } from '../diff/format/names.ts';
import { runDiff } from '../diff/run.ts';
import type { DiffRow } from '../diff/types.ts';
import { writeReport } from '../report/index.ts';
import type { Fleet } from './schema.ts';
import { loadFleet, nodeCampaignDirs } from './store.ts';

/** Writes `reports/<fleet>.html` (or `out`) from every node campaign; returns the path. */
export async function writeFleetReport(
  fleetDir: string,
  fleet: Fleet,
  out?: string,
  onWarning?: (w: string) => void,
): Promise<string> {
  const dirs = await nodeCampaignDirs(fleetDir, fleet);
  if (dirs.length === 0)
    throw new HarnessError('E_RESULTS_INVALID', `${displayPath(fleetDir)}: no node has a campaign yet`, {
      fix: 'wait for the fleet (`deploybench fleet wait DIR`), or resume it with `deploybench run --slurm --resume DIR`',
    });
  return writeReport(
    dirs.map((d) => d.dir),
    { out: out ?? join(paths.reports(), `${fleet.id}.html`), onWarning, fleets: [fleet] },
  );
}

/** One node's diff against the baseline. */
export interface NodeDiff {
  node: string;
  /** Where the diff was written. */
  file: string;
  text: string;
  /** Rows whose significant regression exceeds --fail-above. */
  tripped: DiffRow[];
}

/** Diffs every node campaign against the baseline node's; writes each to `<fleet>/diffs/<baseline>-vs-<node>.<ext>`. */
export async function diffFleet(
  fleetDir: string,
  o: { format: DiffFormat; failAbove?: number; metrics?: string[] },
): Promise<NodeDiff[]> {
  const fleet = await loadFleet(fleetDir);
  const dirs = await nodeCampaignDirs(fleetDir, fleet);
  const base = dirs.find((d) => d.node === fleet.baseline);
  if (!base)
    throw new HarnessError(
      'E_RESULTS_INVALID',
      `${displayPath(fleetDir)}: the baseline node ${fleet.baseline} has no campaign`,
      {
        fix: 'resume the fleet so that the baseline node runs (`deploybench run --slurm --resume DIR`)',
      },
    );
  const ext = { text: 'txt', markdown: 'md', json: 'json', html: 'html' }[o.format] ?? 'txt';
  const out: NodeDiff[] = [];
  for (const d of dirs.filter((x) => x !== base)) {
    const file = join(fleetDir, 'diffs', `${base.node}-vs-${d.node}.${ext}`);
    const r = await runDiff(base.dir, d.dir, {
      format: o.format,
      out: file,
      failAbove: o.failAbove,
      metrics: o.metrics,
    });
    out.push({ node: d.node, file, text: r.text, tripped: r.tripped });
  }
  return out;
}
