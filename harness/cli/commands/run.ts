import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { displayPath, paths } from '../../core/paths.ts';
import { HarnessError } from '../../core/errors.ts';
import { validateRunOverrides } from '../../matrix/overrides.ts';
import { PRESETS } from '../../matrix/schema.ts';
import { runCampaign } from '../../runner/run.ts';
import { stderrReporter } from '../../runner/reporter.ts';
import { writeReport } from '../../report/index.ts';
import { interruptSignal } from '../interrupt.ts';
import { closeSharedGpuProbe } from '../../sampling/gpu.ts';

interface RunArgs {
  matrix: string;
  // Numbers are read as text and validated by the matrix schema (validateRunOverrides), which names the bad value.
  reps?: string;
  warmup?: string;
  'interval-ms'?: string;
  only?: string;
  preset?: string;
  resume?: string;
  'keep-failed': boolean;
  report: boolean;
  bail: boolean;
  mirror?: string;
  verbose: boolean;
}

/** `deploybench run [MATRIX]`: runs a matrix, writes results/<campaign>/ and reports/<campaign>.html. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [matrix]',
  describe: 'run a matrix (default scenarios/paper-cpu.yaml); prints the campaign folder',
  builder: (y) =>
    y
      .positional('matrix', { type: 'string', default: 'scenarios/paper-cpu.yaml', describe: 'matrix file' })
      .option('reps', { type: 'string', describe: 'measured repetitions, 1..1000 (overrides the matrix)' })
      .option('warmup', { type: 'string', describe: 'unrecorded warmup runs per scenario and job, 0..100' })
      .option('interval-ms', { type: 'string', describe: 'sampling interval, 10..10000 ms' })
      .option('only', { type: 'string', describe: 'only scenarios matching this glob, e.g. "torch-2.6*@container"' })
      .option('preset', { type: 'string', describe: `workload size: ${PRESETS.join(', ')}` })
      .option('resume', { type: 'string', describe: 'continue a campaign folder: keeps its ok runs, retries the others (the failed records are kept as history)' })
      .option('keep-failed', { type: 'boolean', default: false, describe: 'with --resume: keep failed, timed-out and OOM-killed runs instead of retrying them' })
      .option('report', { type: 'boolean', default: true, describe: 'write the HTML report at the end (--no-report to skip)' })
      .option('bail', { type: 'boolean', default: false, describe: 'stop at the first failed run' })
      .option('mirror', { type: 'string', describe: 'Debian mirror for image bases (default $DEPLOYBENCH_MIRROR or deb.debian.org)' })
      .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: "show the jobs' own progress lines" }),
  handler: async (a) => {
    const overrides = validateRunOverrides({ reps: a.reps, warmup: a.warmup, intervalMs: a['interval-ms'], preset: a.preset, only: a.only });
    if (a['keep-failed'] && a.resume === undefined) throw new HarnessError('E_USAGE', '--keep-failed only applies to --resume', { fix: 'add --resume results/<campaign>, or drop --keep-failed' });
    const { signal, dispose } = interruptSignal();
    try {
      const result = await runCampaign({
        matrixFile: a.matrix, ...overrides,
        resume: a.resume, keepFailed: a['keep-failed'], bail: a.bail, mirror: a.mirror, signal, reporter: stderrReporter({ verbose: a.verbose }),
      });
      const failed = result.records.filter((r) => r.status !== 'ok' && r.status !== 'unsupported' && !r.warmup).length;
      const unsupported = result.records.filter((r) => r.status === 'unsupported').length;
      if (unsupported > 0) process.stderr.write(`${unsupported} runs recorded as unsupported: this host cannot run them (see each record's error)\n`);
      for (const w of result.campaign.warnings) process.stderr.write(`warning: ${w}\n`);
      process.stderr.write(`${result.records.length} runs recorded, ${failed} not ok; results in ${displayPath(result.dir)}\n`);
      if (a.report && result.records.length > 0) {
        const out = join(paths.reports(), `${result.campaign.id}.html`);
        const written = await writeReport([result.dir], { out });
        process.stderr.write(`report: ${displayPath(written)}\n`);
      }
      if (result.campaign.state === 'interrupted') process.exitCode = 130;
      else if (failed > 0) process.exitCode = 1;
      process.stdout.write(`${result.dir}\n`);
    } finally {
      dispose();
      await closeSharedGpuProbe();
    }
  },
};
