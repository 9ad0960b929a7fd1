// `deploybench diff`: compares two campaigns; with --fail-above, a CI gate.
import { formatPercent } from '../../diff/format/units.ts';
import { runDiff } from '../../diff/run.ts';
import type { DiffArgs } from '../commands/diff.ts';
import { fleetDiffAction } from './fleet-diff.ts';

/** Prints (or writes) the comparison; exit status 1 when --fail-above is given and a significant regression exceeds it. */
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
    metrics: metrics.length > 0 ? metrics : undefined,
  });
  if (args.output) process.stderr.write(`wrote ${args.output}\n`);
  else process.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
  if (args.failAbove === undefined) return;
  if (result.tripped.length === 0) return;
  // The text table on stdout already marks and lists them; otherwise (JSON, HTML, a file) list them here.
  const listed = args.format === 'text' && !args.output;
  process.stderr.write(
    `--fail-above ${args.failAbove}: ${result.tripped.length} significant regression(s)${listed ? ' (listed above); exit status 1' : ':'}\n`,
  );
  if (!listed) {
    for (const r of result.tripped)
      process.stderr.write(
        `  ${r.scenario} ${r.job} ${r.label}: ${formatPercent(r.regressionPercent)} worse (B/A ${r.ratio?.toFixed(3) ?? '-'}, p ${r.pValue?.toPrecision(2) ?? '-'})\n`,
      );
  }
  process.exitCode = 1;
}
