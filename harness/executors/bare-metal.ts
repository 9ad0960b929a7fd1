import { join } from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../core/errors.ts';
import { ensureDocker } from '../images/docker.ts';
import { launchProcess } from './process.ts';
import { imageConfig, unmountAllUnder, type ImageConfig } from './rootfs.ts';
import {
  makeMountPoint,
  mountRunRoot,
  releaseRunRoot,
  rootLayers,
  writesIn,
  type RootLayers,
  type RunRoot,
} from './pristine-root.ts';
import { injectHostDriver, type InjectedDriver } from './driver-inject.ts';
import { applyMemoryLimit } from '../sampling/memory-limit.ts';
import { supervise, type Launched } from './supervise.ts';
import { jobBinds, type Executor, type JobMounts, type JobSpec, type RunOutcome } from './types.ts';

/** PATH and HOME as Docker gives a root container whose image sets none. */
export const DEFAULT_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root' };

async function sh(cmd: string, args: string[]): Promise<void> {
  const r = await execa(cmd, args, { reject: false, all: true });
  if (r.exitCode !== 0)
    throw new HarnessError('E_PREPARE_FAILED', `${cmd} ${args.join(' ')} failed: ${r.all ?? ''}`, {
      fix: 'bare metal needs root and mount(8); run as root',
    });
}

/**
 * Runs jobs as plain host processes inside the stack image's filesystem, entered with chroot: no
 * namespaces, no cgroup limits, no seccomp. Every run gets a fresh writable overlay above the image's
 * read-only layers (the very layers its containers use), so no run sees what an earlier one wrote,
 * and concurrent runs never share a mount point. Needs root.
 */
export class BareMetalExecutor implements Executor {
  readonly name = 'bare-metal';
  readonly deployment = 'bare-metal' as const;
  readonly image: string;
  private layers: RootLayers | null = null;
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

  /** Where the run's read-only layers come from ('docker-layers' or 'export'); null before prepare(). */
  get layerSource(): RootLayers['source'] | null {
    return this.layers?.source ?? null;
  }

  async prepare(): Promise<void> {
    if (process.getuid?.() !== 0) {
      throw new HarnessError('E_NOT_ROOT', 'the bare-metal deployment needs root (chroot, bind mounts, cgroups)', {
        fix: 'run deploybench as root (sudo -E npx deploybench ...), or drop bare-metal from the matrix',
      });
    }
    await ensureDocker();
    this.layers = await rootLayers(this.image, this.onInfo);
    for (const tool of ['chroot', 'taskset'] as const) {
      const r = await execa('sh', ['-c', `command -v ${tool}`], { reject: false });
      if (r.exitCode === 0 && r.stdout.trim()) this.tools[tool] = r.stdout.trim();
    }
    this.config = (await imageConfig(this.image)).config;
  }

  run(job: JobSpec, signal: AbortSignal): Promise<RunOutcome> {
    const workdir = job.workdir ?? this.config.workdir;
    const inner = workdir !== '/' ? ['/usr/bin/env', `--chdir=${workdir}`, ...job.command] : job.command;
    return supervise(
      job,
      signal,
      async (cgroup, markStart) => {
        if (job.memoryLimitBytes) await applyMemoryLimit(cgroup, job.memoryLimitBytes);
        const runRoot = await mountRunRoot(this.layers!, job.runId);
        const host = [
          ...(job.cpuset ? [this.tools.taskset, '-c', job.cpuset] : []),
          this.tools.chroot,
          runRoot.root,
          ...inner,
        ];
        return this.launch(job, runRoot, cgroup.wrapCommand(host), markStart);
      },
      job.command,
    );
  }

  private async mountAll(job: JobSpec, run: RunRoot): Promise<InjectedDriver | null> {
    const r = run.root;
    for (const d of ['/proc', '/sys', '/dev']) await makeMountPoint(r, d, run.created);
    await sh('mount', ['-t', 'proc', 'proc', join(r, 'proc')]);
    for (const d of ['sys', 'dev']) {
      await sh('mount', ['--rbind', `/${d}`, join(r, d)]);
      // Slave propagation: unmounting inside the chroot later must never propagate back to the host.
      await sh('mount', ['--make-rslave', join(r, d)]);
    }
    for (const b of jobBinds(job)) {
      await makeMountPoint(r, b.path, run.created);
      run.created.add(b.path);
      await sh('mount', ['--bind', b.host, join(r, b.path)]);
      if (b.readOnly) await sh('mount', ['-o', 'remount,bind,ro', join(r, b.path)]);
    }
    // A job that asks for GPUs gets the host's driver libraries, as the container toolkit gives a container.
    return job.gpu ? injectHostDriver(run, { ...this.config.env, ...job.env }) : null;
  }

  private async launch(job: JobSpec, run: RunRoot, argv: string[], markStart: () => void): Promise<Launched> {
    const release = (): Promise<void> => releaseRunRoot(run, unmountAllUnder);
    let driver: InjectedDriver | null;
    try {
      driver = await this.mountAll(job, run);
    } catch (error) {
      await release();
      throw error;
    }
    const env = { vars: { ...DEFAULT_ENV, ...this.config.env, ...job.env, ...driver?.env }, extend: false };
    const launched = await launchProcess(job, argv, env, markStart, release);
    return { ...launched, writes: () => writesIn(run.upper, run.created), hostDriver: driver?.record ?? null };
  }

  async dispose(): Promise<void> {}
}
