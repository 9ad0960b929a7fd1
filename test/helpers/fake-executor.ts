// A scripted stand-in for the real executors (like hyperfine's mock executor): runs nothing, returns real
// RunOutcome values, writes the job's log and, when told, its /out/result.json, so runCampaign can be
// tested in-process without root, Docker or cgroups. Its figures are fake and chosen by the test.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Executor, JobMounts, JobSpec, RunOutcome } from '../../harness/executors/types.ts';
import type { StackImage } from '../../harness/images/build.ts';
import type { Deployment, RunStatus, Sample } from '../../harness/results/schema.ts';
import type { ExecutorFactory } from '../../harness/runner/run.ts';

/** One call the fake executors received, in the order they came. */
export interface FakeCall {
  /** 1-based position among all calls of all the fake executors of one factory. */
  index: number;
  /** A matrix job, the harness's framework probe, or a user workload's prepare. */
  kind: 'job' | 'probe' | 'prepare';
  /** `<stack>@<deployment>` of the executor that ran it. */
  scenario: string;
  stack: string;
  deployment: Deployment;
  /** Job name (the run's folder); null for probe and prepare. */
  job: string | null;
  /** Repetition (or warmup number) from the log file's name; null for probe and prepare. */
  rep: number | null;
  warmup: boolean;
  spec: JobSpec;
}

/** What one call does; every field has a default (exit 0 after 1 s at 100% of one core, 64 MiB). */
export interface FakeStep {
  exitCode?: number;
  /** Overrides the status that the exit code implies (e.g. 'timeout', 'oom'). */
  status?: RunStatus;
  /** Fake wall time, in seconds (nothing sleeps). */
  wallSeconds?: number;
  /** CPU rate, in percent of one core. */
  cpuPercent?: number;
  /** Resident memory, in bytes. */
  memoryBytes?: number;
  /** Lines written to the log file (and to onOutput). */
  log?: string[];
  /** Written to `<outDir>/result.json` (the job's /out) when given. */
  result?: Record<string, unknown>;
}

/** Decides each call's step; return undefined for the defaults. */
export type FakeScript = (call: FakeCall) => FakeStep | undefined;

/** The framework fingerprint the fake's probe prints. */
export const FAKE_FRAMEWORK = { name: 'torch', version: 'fake', python: '3.0.0' } as const;

const PROBE_MARK = 'DEPLOYBENCH_PROBE ';
const LOGICAL_CPUS = 2;

/** Key of a job call as the tests compare them: `w1 torch-2.6-debian13@container/train` (w: warmup, r: repetition). */
export function callKey(c: FakeCall): string {
  return `${c.warmup ? 'w' : 'r'}${c.rep ?? 0} ${c.scenario}/${c.job ?? c.kind}`;
}

// Kind, job and repetition of a call: the runner names the log runs/<scenario>/<job>/<rep-n|warmup-n>.log.
function classify(spec: JobSpec): Pick<FakeCall, 'kind' | 'job' | 'rep' | 'warmup'> {
  if (spec.scenario.startsWith('probe ')) return { kind: 'probe', job: null, rep: null, warmup: false };
  if (spec.scenario.startsWith('prepare ')) return { kind: 'prepare', job: null, rep: null, warmup: false };
  const m = /^(rep|warmup)-(\d+)\.log$/.exec(basename(spec.logFile));
  if (!m) throw new Error(`fake executor: unexpected log file name ${spec.logFile}`);
  return { kind: 'job', job: basename(dirname(spec.logFile)), rep: Number(m[2]), warmup: m[1] === 'warmup' };
}

function outcome(spec: JobSpec, step: FakeStep, aborted: boolean): RunOutcome {
  const wallSeconds = step.wallSeconds ?? 1;
  const cpuPercent = step.cpuPercent ?? 100;
  const memoryBytes = step.memoryBytes ?? 64 * 1024 * 1024;
  const exitCode = aborted ? null : (step.exitCode ?? 0);
  const status: RunStatus = aborted ? 'interrupted' : (step.status ?? (exitCode === 0 ? 'ok' : 'failed'));
  const error =
    status === 'ok'
      ? null
      : status === 'interrupted'
        ? 'interrupted (Ctrl-C); the job was stopped'
        : `exited with code ${exitCode}`;
  const count = Math.max(1, Math.floor((wallSeconds * 1000) / spec.intervalMs));
  const samples: Sample[] = Array.from({ length: count }, (_, i) => ({
    t: (i * spec.intervalMs) / 1000,
    cpuPercent: i === 0 ? null : cpuPercent,
    memoryBytes,
    gpuMemoryBytes: null,
    gpuUtilPercent: null,
  }));
  const started = new Date();
  const totalSeconds = (wallSeconds * cpuPercent) / 100;
  return {
    status,
    exitCode,
    signal: aborted ? 'SIGTERM' : null,
    error,
    startedAt: started.toISOString(),
    endedAt: new Date(started.getTime() + wallSeconds * 1000).toISOString(),
    wallSeconds,
    launchOverheadSeconds: 0,
    sampling: {
      cpu: {
        avgPercent: cpuPercent,
        maxPercent: cpuPercent,
        maxWindowSeconds: 1,
        userSeconds: totalSeconds * 0.9,
        systemSeconds: totalSeconds * 0.1,
        totalSeconds,
        hostAvgPercent: cpuPercent / LOGICAL_CPUS,
        hostMaxPercent: cpuPercent / LOGICAL_CPUS,
      },
      memory: {
        peakBytes: memoryBytes,
        avgBytes: memoryBytes,
        rssPeakBytes: memoryBytes * 1.2,
        rssAvgBytes: memoryBytes * 1.2,
        cgroupPeakBytes: memoryBytes * 1.5,
        oomKills: status === 'oom' ? 1 : 0,
      },
      gpu: null,
      noise: null,
      samples,
      intervalMs: spec.intervalMs,
    },
    command: [...spec.command],
    filesystemWrites: null,
  };
}

/** Fake executors for runCampaign's `executorFactory`, sharing one script and one call log. */
export function fakeExecutors(script: FakeScript = () => undefined): {
  factory: ExecutorFactory;
  calls: FakeCall[];
  prepared: string[];
  disposed: string[];
} {
  const calls: FakeCall[] = [];
  const prepared: string[] = [];
  const disposed: string[] = [];
  const factory: ExecutorFactory = (deployment, image: StackImage | undefined) => {
    const stack = image?.stack ?? 'host';
    const scenario = `${stack}@${deployment}`;
    const executor: Executor = {
      name: `fake-${deployment}`,
      deployment,
      image: image?.tag ?? null,
      jobPaths: (m: JobMounts) =>
        deployment === 'host'
          ? { data: m.dataDir ?? '/nonexistent', out: m.outDir ?? '/nonexistent' }
          : { data: '/data', out: '/out' },
      prepare: () => {
        prepared.push(scenario);
        return Promise.resolve();
      },
      dispose: () => {
        disposed.push(scenario);
        return Promise.resolve();
      },
      async run(spec: JobSpec, signal: AbortSignal): Promise<RunOutcome> {
        const call: FakeCall = { index: calls.length + 1, scenario, stack, deployment, spec, ...classify(spec) };
        calls.push(call);
        const step = script(call) ?? {};
        const lines = step.log ?? [`fake ${call.kind} ${call.job ?? ''} on ${scenario}`];
        // The harness's probe reads its answer from the log (harness/runner/probe.ts).
        if (call.kind === 'probe' && (step.exitCode ?? 0) === 0)
          lines.push(PROBE_MARK + JSON.stringify(FAKE_FRAMEWORK));
        await mkdir(dirname(spec.logFile), { recursive: true });
        await writeFile(spec.logFile, lines.map((l) => `${l}\n`).join(''));
        for (const l of lines) spec.onOutput?.(l);
        if (step.result && spec.mounts.outDir)
          await writeFile(join(spec.mounts.outDir, 'result.json'), JSON.stringify(step.result));
        return outcome(spec, step, signal.aborted);
      },
    };
    return executor;
  };
  return { factory, calls, prepared, disposed };
}
