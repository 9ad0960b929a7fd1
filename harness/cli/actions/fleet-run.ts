// `deploybench run MATRIX --slurm`: a fleet, one Slurm job per node; follows it unless --detach.
import { HarnessError } from '../../core/errors.ts';
import { displayPath } from '../../core/paths.ts';
import { resumeFleet, startFleet } from '../../fleet/start.ts';
import type { RunArgs } from '../commands/run.ts';
import { followFleet } from './fleet.ts';

const info = (line: string): void => void process.stderr.write(`${line}\n`);

/** The `deploybench run` options every node gets, as words. */
export function nodeRunArgs(a: RunArgs): string[] {
  const out: string[] = [];
  const pairs: [string, string | undefined][] = [
    ['--reps', a.reps],
    ['--warmup', a.warmup],
    ['--interval-ms', a['interval-ms']],
    ['--only', a.only],
    ['--stacks', a.stacks],
    ['--preset', a.preset],
    ['--margin', a.margin],
    ['--max-reps', a['max-reps']],
    ['--mirror', a.mirror],
  ];
  for (const [k, v] of pairs) if (v !== undefined) out.push(k, v);
  if (a.bail) out.push('--bail');
  if (a['keep-failed']) out.push('--keep-failed');
  return out;
}

function checkArgs(a: RunArgs): void {
  if (a.nodelist !== undefined && a.nodes !== undefined)
    throw new HarnessError('E_USAGE', '--nodelist and --nodes both given', { fix: 'name the nodes, or give how many' });
  if (a.nodes !== undefined && !(Number.isInteger(a.nodes) && a.nodes >= 1))
    throw new HarnessError('E_USAGE', `--nodes ${String(a.nodes)}: expected a whole number of nodes, 1 or more`, {
      fix: 'e.g. --nodes 2',
    });
  if (a['campaign-dir'] !== undefined)
    throw new HarnessError(
      'E_USAGE',
      '--campaign-dir does not apply to --slurm (each node gets results/<fleet>/<node>)',
      {
        fix: 'drop --campaign-dir',
      },
    );
}

/** Submits (or with --resume resubmits) the fleet, then follows it to the end and writes its report and diffs. */
export async function fleetRunAction(a: RunArgs): Promise<void> {
  checkArgs(a);
  const nodelist = a.nodelist
    ?.split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const { dir, fleet } = a.resume
    ? await resumeFleet(a.resume, info)
    : await startFleet({
        matrixFile: a.matrix,
        runArgs: nodeRunArgs(a),
        partition: a.partition,
        nodelist,
        count: a.nodes,
        baseline: a.baseline,
        slurmArgs: (a['slurm-arg'] ?? []).map(String),
        info,
      });
  if (a.detach) {
    info(`detached; follow it with \`deploybench fleet wait ${displayPath(dir)}\``);
    process.stdout.write(`${dir}\n`);
    return;
  }
  await followFleet(dir, fleet, { cancelOnAbort: true, report: a.report });
  process.stdout.write(`${dir}\n`);
}
