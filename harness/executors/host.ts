import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { lineSplitter } from './lines.ts';
import { applyMemoryLimit } from '../sampling/memory-limit.ts';
import { supervise, type Exit, type Launched } from './supervise.ts';
import type { Executor, JobMounts, JobSpec, RunOutcome } from './types.ts';

/**
 * Runs a command directly on the host (a user's own environment, e.g. a conda env's python, or any
 * command under `deploybench measure`), in an accounting cgroup like every other deployment.
 */
export class HostExecutor implements Executor {
  readonly name: string;
  readonly deployment: 'host' | 'bare-metal';
  readonly image = null;
  private readonly env: Record<string, string>;

  /** `deployment` is 'host' in a matrix, 'bare-metal' for a plain `measure` of a host command. */
  constructor(opts: { deployment: 'host' | 'bare-metal'; env?: Record<string, string> }) {
    this.deployment = opts.deployment;
    this.name = opts.deployment === 'host' ? 'host' : 'bare-metal';
    this.env = opts.env ?? {};
  }

  jobPaths(mounts: JobMounts): { data: string; out: string } {
    return { data: mounts.dataDir ?? '/nonexistent', out: mounts.outDir ?? '/nonexistent' };
  }

  async prepare(): Promise<void> {}

  run(job: JobSpec, signal: AbortSignal): Promise<RunOutcome> {
    const argv = [...(job.cpuset ? ['taskset', '-c', job.cpuset] : []), ...job.command];
    return supervise(job, signal, async (cgroup, markStart) => {
      if (job.memoryLimitBytes) await applyMemoryLimit(cgroup, job.memoryLimitBytes);
      return this.launch(job, cgroup.wrapCommand(argv), markStart);
    }, job.command);
  }

  private async launch(job: JobSpec, argv: string[], markStart: () => void): Promise<Launched> {
    await mkdir(dirname(job.logFile), { recursive: true });
    const log = createWriteStream(job.logFile, { flags: 'a' });
    const split = lineSplitter((line) => job.onOutput?.(line));
    const [cmd, ...args] = argv as [string, ...string[]];
    markStart();
    const child = execa(cmd, args, { env: { ...this.env, ...job.env }, reject: false, all: true, buffer: false, stdin: 'ignore' });
    child.all?.on('data', (d: Buffer) => {
      log.write(d);
      split(d.toString());
    });
    const exited: Promise<Exit> = child.then((r) => {
      log.end();
      return { exitCode: r.exitCode ?? null, signal: r.signal ?? null };
    });
    return {
      exited,
      terminate: async () => {
        child.kill('SIGTERM');
        await Promise.resolve();
      },
      cleanup: async () => {},
    };
  }

  async dispose(): Promise<void> {}
}
