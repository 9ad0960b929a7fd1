import { EXIT } from '../../core/exit-codes.ts';
// `deploybench diff`: compares two campaigns; with --fail-above, a CI gate.
import { formatChange, formatP, formatRatio } from '../../render/units.ts';
import { undecidedGateLine } from '../../diff/regress.ts';
import { runDiff } from '../../diff/run.ts';
import type { DiffArgs } from '../commands/diff.ts';
import { fleetDiffAction } from './fleet-diff.ts';

/**
 * Prints (or writes) the comparison. With --fail-above: exit status 1 when a significant regression exceeds it,
 * else 4 when a compared metric has too few repetitions to decide (unless --allow-undecided).
 */
export async function diffAction(args: DiffArgs): Promise<void> {
  const metrics = (args.metric ?? [])
    .flatMap((m) => String(m).split(','))
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (args.dirB === undefined) return fleetDiffAction(args, metrics);
  const result = await runDiff(args.dirA, args.dirB, {
    format: args.format,
    out: args.output,
    failAbove: args.failAbove,
    allowUndecided: args.allowUndecided,
    margin: args.margin === undefined ? undefined : args.margin / 100,
    metrics: metrics.length > 0 ? metrics : undefined,
  });
  if (args.output) process.stderr.write(`wrote ${args.output}\n`);
  else process.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
  if (args.failAbove === undefined) return;
  if (result.tripped.length === 0) {
    if (result.undecided.length === 0) return;
    // A gate that cannot decide must not pass silently (--allow-undecided accepts it).
    process.stderr.write(`${undecidedGateLine(result.undecided, args.failAbove)}\n`);
    process.exitCode = EXIT.undecided;
    return;
  }
  // The text table on stdout already marks and lists them; otherwise (JSON, HTML, a file) list them here.
  const listed = args.format === 'text' && !args.output;
  process.stderr.write(
    `--fail-above ${args.failAbove}: ${result.tripped.length} significant regression(s)${listed ? ' (listed above); exit status 1' : ':'}\n`,
  );
  if (!listed) {
    for (const r of result.tripped)
      process.stderr.write(
        `  ${r.scenario} ${r.job} ${r.label}: ${formatChange(r.regressionPercent)} worse (B/A ${formatRatio(r.ratio)}, p ${formatP(r.pValue)})\n`,
      );
  }
  process.exitCode = 1;
}
