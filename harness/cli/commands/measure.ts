import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { HarnessError } from '../../core/errors.ts';
import { BareMetalExecutor } from '../../executors/bare-metal.ts';
import { ContainerExecutor } from '../../executors/container.ts';
import { HostExecutor } from '../../executors/host.ts';
import type { Executor } from '../../executors/types.ts';
import { ensureImage } from '../../images/build.ts';
import { requireLocalImage } from '../../images/docker.ts';
import { validateMeasureFlags } from '../../matrix/overrides.ts';
import { loadStack } from '../../images/stacks.ts';
import { runId } from '../../runner/execute.ts';
import { buildRecord } from '../../runner/record.ts';
import { describeRun } from '../../runner/reporter.ts';
import { interruptSignal } from '../interrupt.ts';
import { closeSharedGpuProbe } from '../../sampling/gpu.ts';
import { parseEnv, parseMounts, parseWorkdir } from '../measure-options.ts';

interface MeasureArgs {
  stack?: string;
  image?: string;
  deployment?: 'bare-metal' | 'container';
  // Numbers are read as text and validated with the matrix's bounds (validateMeasureFlags), which name a bad value.
  'interval-ms': string;
  timeout: string;
  'memory-limit'?: string;
  json: boolean;
  mount?: string[];
  env?: string[];
  workdir?: string;
  cmd: string[];
}

async function pickExecutor(a: MeasureArgs): Promise<{ executor: Executor; stack: string | null; label: string }> {
  if (a.stack && a.image) throw new HarnessError('E_USAGE', '--stack and --image exclude each other', { fix: 'give one of them' });
  if (a.image) {
    await requireLocalImage(a.image);
    if (a.deployment === 'bare-metal') return { executor: new BareMetalExecutor(a.image), stack: null, label: a.image };
    return { executor: new ContainerExecutor(a.image), stack: null, label: a.image };
  }
  if (a.stack) {
    const img = await ensureImage(await loadStack(a.stack));
    const ex = a.deployment === 'container' ? new ContainerExecutor(img.tag) : new BareMetalExecutor(img.tag);
    return { executor: ex, stack: a.stack, label: a.stack };
  }
  if (a.deployment === 'container') throw new HarnessError('E_USAGE', '--deployment container needs --image or --stack', { fix: 'name the image or stack to run the command in' });
  return { executor: new HostExecutor({ deployment: 'bare-metal' }), stack: null, label: 'host' };
}

/** `deploybench measure [...] -- CMD ARGS...`: runs any command under the sampler. */
export const measureCommand: CommandModule<object, MeasureArgs> = {
  command: 'measure [cmd..]',
  describe: "run any command under the sampler (-- CMD ARGS...); --json prints one run record on stdout (the command's own output goes to stderr)",
  builder: (y) =>
    y
      .positional('cmd', { type: 'string', array: true, describe: 'the command, after --' })
      .option('stack', { type: 'string', describe: "run in this stack's filesystem (bare metal by default)" })
      .option('image', { type: 'string', describe: 'run in a container of this image (or bare metal in its filesystem with --deployment bare-metal)' })
      .option('deployment', { choices: ['bare-metal', 'container'] as const, describe: 'deployment for --stack / --image' })
      .option('interval-ms', { type: 'string', default: '100', describe: 'sampling interval, 10..10000 ms' })
      .option('timeout', { type: 'string', default: '3600', describe: 'seconds before the command (all its processes) is killed' })
      .option('memory-limit', { type: 'string', describe: 'cap the command at this many MB (to test OOM handling; matrix runs are never limited)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the run record as JSON' })
      .option('mount', { type: 'string', array: true, describe: 'HOST:PATH[:ro|rw], repeatable: a host folder at PATH (read-only unless :rw); a host process gets PATH in its arguments replaced by HOST' })
      .option('workdir', { type: 'string', describe: 'working directory inside the deployment (default: the image\'s own)' })
      .option('env', { type: 'string', array: true, describe: 'K=V, repeatable: environment of the command, the same in every deployment' })
      .parserConfiguration({ 'populate--': true }) as never,
  handler: async (a) => {
    const cmd = [...(a.cmd ?? []), ...(((a as unknown as Record<string, unknown>)['--'] as string[] | undefined) ?? [])].map(String);
    if (cmd.length === 0) throw new HarnessError('E_USAGE', 'no command to measure', { fix: 'deploybench measure [--image TAG] -- CMD ARGS...' });
    const flags = validateMeasureFlags({ intervalMs: a['interval-ms'], timeout: a.timeout, memoryLimit: a['memory-limit'] });
    const binds = await parseMounts((a.mount ?? []).map(String));
    const env = parseEnv((a.env ?? []).map(String));
    const workdir = parseWorkdir(a.workdir);
    const { executor, stack, label } = await pickExecutor(a);
    await executor.prepare();
    const work = await mkdtemp(join(tmpdir(), 'deploybench-measure-'));
    const { signal, dispose } = interruptSignal();
    try {
      const outcome = await executor.run(
        { scenario: `${label}@${executor.deployment}`, command: cmd, env, mounts: { dataDir: null, outDir: null }, binds, workdir, timeoutMs: Math.round(flags.timeoutSeconds * 1000), intervalMs: flags.intervalMs, gpu: false, network: 'none', cpuset: null, memoryLimitBytes: flags.memoryLimitMb !== undefined ? flags.memoryLimitMb * 1024 * 1024 : undefined, logFile: join(work, 'job.log'), runId: runId('measure'), onOutput: (l) => process.stderr.write(`${l}\n`) },
        signal,
      );
      const record = buildRecord({ campaign: null, scenario: `${label}@${executor.deployment}`, stack, deployment: executor.deployment, executor: executor.name, image: executor.image, job: 'measure', rep: 1, warmup: false }, outcome, null, { samples: null, log: null });
      if (a.json) process.stdout.write(`${JSON.stringify(record)}\n`);
      else process.stdout.write(`${record.scenario}: ${describeRun(record)}\n`);
      if (record.status !== 'ok') process.exitCode = 1;
    } finally {
      dispose();
      await closeSharedGpuProbe();
      await executor.dispose();
      await rm(work, { recursive: true, force: true });
    }
  },
};
