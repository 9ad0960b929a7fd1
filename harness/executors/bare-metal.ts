import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../core/errors.ts';
import { ensureDocker } from '../images/docker.ts';
import { launchProcess } from './process.ts';
import { ensureRootfs, imageConfig, unmountAllUnder, type ImageConfig } from './rootfs.ts';
import { applyMemoryLimit } from '../sampling/memory-limit.ts';
import { supervise, type Launched } from './supervise.ts';
import type { Executor, JobMounts, JobSpec, RunOutcome } from './types.ts';

/** PATH and HOME as Docker gives a root container whose image sets none. */
export const DEFAULT_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root' };

async function sh(cmd: string, args: string[]): Promise<void> {
  const r = await execa(cmd, args, { reject: false, all: true });
  if (r.exitCode !== 0) throw new HarnessError('E_PREPARE_FAILED', `${cmd} ${args.join(' ')} failed: ${r.all ?? ''}`, { fix: 'bare metal needs root and mount(8); run as root' });
}

/**
 * Runs jobs as plain host processes inside the stack image's exported filesystem, entered with chroot:
 * no namespaces, no cgroup limits, no overlay, no seccomp. Needs root.
 */
export class BareMetalExecutor implements Executor {
  readonly name = 'bare-metal';
  readonly deployment = 'bare-metal' as const;
  readonly image: string;
  private root = '';
  /** Absolute host paths of chroot and taskset: the job's environment (the image's PATH) must not decide which host tool runs. */
  private tools = { chroot: '/usr/sbin/chroot', taskset: '/usr/bin/taskset' };
  private config: ImageConfig = { env: {}, workdir: '/' };
  private readonly onInfo: (line: string) => void;

  constructor(image: string, onInfo: (line: string) => void = () => undefined) {
    this.image = image;
    this.onInfo = onInfo;
  }

  jobPaths(_mounts: JobMounts): { data: string; out: string } {
    return { data: '/data', out: '/out' };
  }

  async prepare(): Promise<void> {
    if (process.getuid?.() !== 0) {
      throw new HarnessError('E_NOT_ROOT', 'the bare-metal deployment needs root (chroot, bind mounts, cgroups)', { fix: 'run deploybench as root (sudo -E npx deploybench ...), or drop bare-metal from the matrix' });
    }
    await ensureDocker();
    this.root = await ensureRootfs(this.image, this.onInfo);
    for (const tool of ['chroot', 'taskset'] as const) {
      const r = await execa('sh', ['-c', `command -v ${tool}`], { reject: false });
      if (r.exitCode === 0 && r.stdout.trim()) this.tools[tool] = r.stdout.trim();
    }
    this.config = (await imageConfig(this.image)).config;
    // Stale mounts from a crashed run would shadow this run's.
    await unmountAllUnder(this.root);
  }

  run(job: JobSpec, signal: AbortSignal): Promise<RunOutcome> {
    const inner = this.config.workdir !== '/' ? ['/usr/bin/env', `--chdir=${this.config.workdir}`, ...job.command] : job.command;
    const host = [...(job.cpuset ? [this.tools.taskset, '-c', job.cpuset] : []), this.tools.chroot, this.root, ...inner];
    return supervise(job, signal, async (cgroup, markStart) => {
      if (job.memoryLimitBytes) await applyMemoryLimit(cgroup, job.memoryLimitBytes);
      return this.launch(job, cgroup.wrapCommand(host), markStart);
    }, job.command);
  }

  private async mountAll(job: JobMounts): Promise<void> {
    const r = this.root;
    for (const d of ['proc', 'sys', 'dev', 'data', 'out']) await mkdir(join(r, d), { recursive: true });
    await sh('mount', ['-t', 'proc', 'proc', join(r, 'proc')]);
    for (const d of ['sys', 'dev']) {
      await sh('mount', ['--rbind', `/${d}`, join(r, d)]);
      // Slave propagation: unmounting inside the chroot later must never propagate back to the host.
      await sh('mount', ['--make-rslave', join(r, d)]);
    }
    if (job.dataDir) {
      await sh('mount', ['--bind', job.dataDir, join(r, 'data')]);
      await sh('mount', ['-o', 'remount,bind,ro', join(r, 'data')]);
    }
    if (job.outDir) await sh('mount', ['--bind', job.outDir, join(r, 'out')]);
  }

  private async launch(job: JobSpec, argv: string[], markStart: () => void): Promise<Launched> {
    try {
      await this.mountAll(job.mounts);
    } catch (error) {
      await unmountAllUnder(this.root);
      throw error;
    }
    const env = { vars: { ...DEFAULT_ENV, ...this.config.env, ...job.env }, extend: false };
    return launchProcess(job, argv, env, markStart, () => unmountAllUnder(this.root).then(() => undefined));
  }

  async dispose(): Promise<void> {
    if (this.root) await unmountAllUnder(this.root);
  }
}
