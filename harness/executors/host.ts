import { launchProcess } from './process.ts';
import { applyMemoryLimit } from '../sampling/memory-limit.ts';
import { supervise } from './supervise.ts';
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
      return launchProcess(job, cgroup.wrapCommand(argv), { vars: { ...this.env, ...job.env }, extend: true }, markStart);
    }, job.command);
  }

  async dispose(): Promise<void> {}
}
