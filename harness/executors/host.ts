import { launchProcess } from './process.ts';
import { applyMemoryLimit } from '../sampling/memory-limit.ts';
import { supervise } from './supervise.ts';
import { jobBinds, type Executor, type JobMounts, type JobSpec, type RunOutcome } from './types.ts';

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

  /**
   * A host process has no filesystem of its own to bind folders into: the paths the command names
   * (`/code/train.py`, `--out=/out`) are mapped to the host folders behind them instead.
   */
  static mapPaths(job: Pick<JobSpec, 'mounts' | 'binds'>): (value: string) => string {
    const binds = jobBinds(job).sort((a, b) => b.path.length - a.path.length);
    const one = (v: string): string => {
      for (const b of binds) if (v === b.path || v.startsWith(`${b.path}/`)) return b.host + v.slice(b.path.length);
      return v;
    };
    return (v) => {
      const eq = v.indexOf('=');
      return eq > 0 && v.startsWith('-') ? `${v.slice(0, eq + 1)}${one(v.slice(eq + 1))}` : one(v);
    };
  }

  async prepare(): Promise<void> {}

  run(job: JobSpec, signal: AbortSignal): Promise<RunOutcome> {
    const map = HostExecutor.mapPaths(job);
    const command = job.command.map(map);
    const inner = job.workdir ? ['/usr/bin/env', `--chdir=${map(job.workdir)}`, ...command] : command;
    const argv = [...(job.cpuset ? ['taskset', '-c', job.cpuset] : []), ...inner];
    const env = Object.fromEntries(Object.entries(job.env).map(([k, v]) => [k, map(v)]));
    return supervise(
      job,
      signal,
      async (cgroup, markStart) => {
        if (job.memoryLimitBytes) await applyMemoryLimit(cgroup, job.memoryLimitBytes);
        return launchProcess(job, cgroup.wrapCommand(argv), { vars: { ...this.env, ...env }, extend: true }, markStart);
      },
      command,
    );
  }

  async dispose(): Promise<void> {}
}
