// `deploybench measure -- CMD`: runs any command under the sampler and prints its run record.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { HarnessError } from '../../core/errors.ts';
import { EXIT } from '../../core/exit-codes.ts';
import { BareMetalExecutor } from '../../executors/bare-metal.ts';
import { ContainerExecutor } from '../../executors/container.ts';
import { HostExecutor } from '../../executors/host.ts';
import { engineGpu, planGpu } from '../../executors/engine-gpu.ts';
import type { Executor, JobSpec, RunOutcome } from '../../executors/types.ts';
import type { RunRecord } from '../../results/schema.ts';
import { recoverAndSay } from '../../executors/recover.ts';
import { ensureImage } from '../../images/build.ts';
import { loadStack } from '../../images/stacks.ts';
import { requireLocalImage } from '../../images/docker.ts';
import { validateMeasureFlags } from '../../matrix/overrides.ts';
import { parseEnv, parseGpus, parseMounts, parseWorkdir } from '../measure-options.ts';
import { runId } from '../../runner/execute.ts';
import { buildRecord } from '../../runner/record.ts';
import { describeRun } from '../../runner/reporter.ts';
import type { MeasureArgs } from '../commands/measure.ts';
import { interruptSignal } from '../interrupt.ts';
import { closeSharedGpuProbe } from '../../sampling/gpu.ts';

const info = (line: string): void => void process.stderr.write(`${line}\n`);

// The executor the options pick, with the stack (if any) and how the run is named.
interface Picked {
  executor: Executor;
  stack: string | null;
  label: string;
}

async function pickExecutor(a: MeasureArgs): Promise<Picked> {
  if (a.stack && a.image)
    throw new HarnessError('E_USAGE', '--stack and --image exclude each other', { fix: 'give one of them' });
  if (a.image) {
    await requireLocalImage(a.image);
    if (a.deployment === 'bare-metal')
      return { executor: new BareMetalExecutor(a.image, info), stack: null, label: a.image };
    return { executor: new ContainerExecutor(a.image), stack: null, label: a.image };
  }
  if (a.stack) {
    const img = await ensureImage(await loadStack(a.stack));
    const ex = a.deployment === 'container' ? new ContainerExecutor(img.tag) : new BareMetalExecutor(img.tag, info);
    return { executor: ex, stack: a.stack, label: a.stack };
  }
  if (a.deployment === 'container')
    throw new HarnessError('E_USAGE', '--deployment container needs --image or --stack', {
      fix: 'name the image or stack to run the command in',
    });
  return { executor: new HostExecutor({ deployment: 'bare-metal' }), stack: null, label: 'host' };
}

// The command after `--` (or given as positional arguments), as strings.
function commandOf(a: MeasureArgs): string[] {
  const cmd = [
    ...(a.cmd ?? []),
    ...(((a as unknown as Record<string, unknown>)['--'] as string[] | undefined) ?? []),
  ].map(String);
  if (cmd.length === 0)
    throw new HarnessError('E_USAGE', 'no command to measure', {
      fix: 'deploybench measure [--image TAG] -- CMD ARGS...',
    });
  return cmd;
}

// The job to run: the command with the flags' limits, mounts, environment and working directory.
async function jobOf(a: MeasureArgs, cmd: string[]): Promise<Omit<JobSpec, 'scenario' | 'gpu' | 'logFile' | 'runId'>> {
  const flags = validateMeasureFlags({
    intervalMs: a['interval-ms'],
    timeout: a.timeout,
    memoryLimit: a['memory-limit'],
  });
  const binds = await parseMounts((a.mount ?? []).map(String));
  const env = parseEnv((a.env ?? []).map(String));
  const workdir = parseWorkdir(a.workdir);
  return {
    command: cmd,
    env,
    mounts: { dataDir: null, outDir: null },
    binds,
    workdir,
    timeoutMs: Math.round(flags.timeoutSeconds * 1000),
    intervalMs: flags.intervalMs,
    network: 'none',
    cpuset: null,
    memoryLimitBytes: flags.memoryLimitMb !== undefined ? flags.memoryLimitMb * 1024 * 1024 : undefined,
    onOutput: (l) => process.stderr.write(`${l}\n`),
  };
}

// The run record of the measured command (no campaign, no files beside it).
function measureRecord(picked: Picked, outcome: RunOutcome): RunRecord {
  const { executor, stack, label } = picked;
  return buildRecord(
    {
      campaign: null,
      scenario: `${label}@${executor.deployment}`,
      stack,
      deployment: executor.deployment,
      executor: executor.name,
      image: executor.image,
      job: 'measure',
      rep: 1,
      warmup: false,
    },
    outcome,
    null,
    { samples: null, log: null },
  );
}

/** Runs the command with the executor the options pick and prints its run record (exit status 1 unless ok, 130 when interrupted). */
export async function measureAction(a: MeasureArgs): Promise<void> {
  const job = await jobOf(a, commandOf(a));
  const picked = await pickExecutor(a);
  const { executor, label } = picked;
  const gpu = parseGpus(a.gpus);
  await recoverAndSay(info);
  await executor.prepare();
  // Before the job starts: a container cannot get GPUs from an engine without the NVIDIA toolkit or CDI.
  if (gpu && executor.deployment === 'container') {
    const plan = planGpu(await engineGpu(), gpu);
    if ('reason' in plan) throw new HarnessError('E_GPU_UNAVAILABLE', plan.reason, { fix: plan.fix });
  }
  const work = await mkdtemp(join(tmpdir(), 'deploybench-measure-'));
  const { signal, dispose } = interruptSignal();
  try {
    const scenario = `${label}@${executor.deployment}`;
    const outcome = await executor.run(
      { ...job, scenario, gpu, logFile: join(work, 'job.log'), runId: runId('measure') },
      signal,
    );
    const record = measureRecord(picked, outcome);
    if (a.json) process.stdout.write(`${JSON.stringify(record)}\n`);
    else process.stdout.write(`${record.scenario}: ${describeRun(record)}\n`);
    if (record.status === 'interrupted') process.exitCode = EXIT.interrupted;
    else if (record.status !== 'ok') process.exitCode = EXIT.notOk;
  } finally {
    dispose();
    await closeSharedGpuProbe();
    await executor.dispose();
    await rm(work, { recursive: true, force: true });
  }
}
