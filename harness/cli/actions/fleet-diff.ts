// `deploybench diff FLEET`: every node against the fleet's baseline node, gated by --fail-above like `diff`.
import { HarnessError } from '../../core/errors.ts';
import { displayPath } from '../../core/paths.ts';
import { formatChange } from '../../render/units.ts';
import { diffFleet } from '../../fleet/finish.ts';
import { isFleetDir } from '../../fleet/store.ts';
import type { DiffArgs } from '../commands/diff.ts';

/** Writes `<fleet>/diffs/<baseline>-vs-<node>.*`, prints them (text) or their paths; exit status 1 when --fail-above trips on any node. */
export async function fleetDiffAction(args: DiffArgs, metrics: string[]): Promise<void> {
  if (!(await isFleetDir(args.dirA)))
    throw new HarnessError('E_USAGE', `diff ${args.dirA}: one folder given, and it is not a fleet folder`, {
      fix: 'give two campaign folders (diff A B), or a fleet folder written by `run --slurm`',
    });
  if (args.output !== undefined)
    throw new HarnessError('E_USAGE', '--output does not apply to a fleet: each node diff goes to <fleet>/diffs/', {
      fix: 'drop -o',
    });
  const diffs = await diffFleet(args.dirA, {
    format: args.format,
    failAbove: args.failAbove,
    metrics: metrics.length > 0 ? metrics : undefined,
  });
  let tripped = 0;
  for (const d of diffs) {
    process.stderr.write(`== ${d.node} vs the baseline: ${displayPath(d.file)}\n`);
    if (args.format === 'text') process.stdout.write(d.text.endsWith('\n') ? d.text : `${d.text}\n`);
    for (const r of d.tripped)
      process.stderr.write(
        `  ${d.node}: ${r.scenario} ${r.job} ${r.label}: ${formatChange(r.regressionPercent)} worse\n`,
      );
    tripped += d.tripped.length;
  }
  if (args.failAbove !== undefined && tripped > 0) {
    process.stderr.write(
      `--fail-above ${args.failAbove}: ${tripped} significant regression(s) across the nodes; exit status 1\n`,
    );
    process.exitCode = 1;
  }
}
