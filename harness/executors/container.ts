import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { docker, ensureDocker, LABEL, OWNER_PID_LABEL } from '../images/docker.ts';
import { supervise, type Exit, type Launched } from './supervise.ts';
import {
  jobBinds,
  type Executor,
  type FilesystemWrites,
  type JobMounts,
  type JobSpec,
  type RunOutcome,
} from './types.ts';
import { lineSplitter } from './lines.ts';
import { engineGpu, planGpu, type GpuAsk } from './engine-gpu.ts';
import { HarnessError } from '../core/errors.ts';

/** Shared memory for data loaders; Docker's default of 64 MiB breaks PyTorch DataLoader workers. */
const SHM_BYTES = 2 * 1024 ** 3;

/** Runs jobs in Docker containers of an image: not privileged, no Docker socket, network none unless asked. */
export class ContainerExecutor implements Executor {
  readonly name = 'container';
  readonly deployment = 'container' as const;
  readonly image: string;

  constructor(image: string) {
    this.image = image;
  }

  jobPaths(_mounts: JobMounts): { data: string; out: string } {
    return { data: '/data', out: '/out' };
  }

  async prepare(): Promise<void> {
    await ensureDocker();
    await docker().getImage(this.image).inspect();
  }

  run(job: JobSpec, signal: AbortSignal): Promise<RunOutcome> {
    return supervise(
      job,
      signal,
      (cgroup, markStart) => this.launch(job, cgroup.dockerCgroupParent, markStart),
      job.command,
    );
  }

  private async launch(job: JobSpec, cgroupParent: string, markStart: () => void): Promise<Launched> {
    const container = await createJobContainer(this.image, job, cgroupParent);
    const remove = async (): Promise<void> => {
      await container.remove({ force: true }).catch(() => undefined);
    };
    try {
      const log = await attachLog(container, job);
      // 'next-exit': the container is only created yet, and the default condition (not-running) would return at once.
      const waited = container.wait({ condition: 'next-exit' });
      markStart();
      await container.start();
      const exited: Promise<Exit> = waited.then(async (res: { StatusCode: number }) => {
        const info = await container.inspect().catch(() => null);
        log.end();
        const code = res.StatusCode;
        return {
          exitCode: code > 128 ? null : code,
          signal: code > 128 ? signalName(code - 128) : null,
          oomKilled: info?.State.OOMKilled ?? false,
          runSeconds: runtimeSeconds(info?.State.StartedAt, info?.State.FinishedAt),
        };
      });
      return {
        exited,
        terminate: async () => {
          await container.kill({ signal: 'SIGTERM' }).catch(() => undefined);
        },
        cleanup: remove,
        writes: () => containerWrites(container, new Set(jobBinds(job).map((b) => b.path))),
      };
    } catch (error) {
      await remove();
      throw error;
    }
  }

  async dispose(): Promise<void> {}
}

// The engine's own start and finish times of the container's process (nanosecond RFC 3339 strings).
function runtimeSeconds(started: string | undefined, finished: string | undefined): number | undefined {
  const parse = (t: string): number => {
    const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(t);
    return m ? Date.parse(`${m[1]}${m[3]}`) / 1000 + Number(m[2] ?? 0) : NaN;
  };
  if (!started || !finished || finished.startsWith('0001')) return undefined;
  const s = parse(finished) - parse(started);
  return Number.isFinite(s) && s >= 0 ? s : undefined;
}

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  6: 'SIGABRT',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  15: 'SIGTERM',
};

// Docker reports a container killed by signal N as exit status 128+N.
function signalName(n: number): string {
  return SIGNALS[n] ?? `signal ${n}`;
}

/**
 * What the job wrote into the container's own layer (`docker diff`), as bare metal reports it: added and
 * deleted paths, but not the folders that merely hold them; /tmp does not count.
 */
async function containerWrites(
  container: Docker.Container,
  mountPoints: ReadonlySet<string>,
  limit = 20,
): Promise<FilesystemWrites | null> {
  let changes: { Path: string; Kind: number }[];
  try {
    // The engine answers null when nothing changed.
    changes = ((await container.changes()) as { Path: string; Kind: number }[] | null) ?? [];
  } catch {
    return null;
  }
  const inTmp = (p: string): boolean => p === '/tmp' || p.startsWith('/tmp/');
  // The engine's init binary (HostConfig.Init) is bound in at /sbin/docker-init: the engine's, not the job's.
  const engines = new Set(['/sbin/docker-init', '/usr/sbin/docker-init']);
  const kept = changes.filter((c) => !inTmp(c.Path) && !engines.has(c.Path) && !mountPoints.has(c.Path));
  const isParent = (p: string): boolean => changes.some((c) => c.Path.startsWith(`${p}/`));
  const paths = kept
    .filter((c) => !isParent(c.Path))
    .map((c) => (c.Kind === 2 ? `${c.Path} (deleted)` : c.Path))
    .sort();
  return { count: paths.length, paths: paths.slice(0, limit) };
}

// The engine-side settings of a job's container: cgroup parent, binds, network, limits, GPUs.
function hostConfigOf(job: JobSpec, cgroupParent: string, gpus: Docker.DeviceRequest | null): Docker.HostConfig {
  return {
    CgroupParent: cgroupParent,
    Binds: jobBinds(job).map((b) => `${b.host}:${b.path}:${b.readOnly ? 'ro' : 'rw'}`),
    NetworkMode: job.network,
    ShmSize: SHM_BYTES,
    Privileged: false,
    // An init process as PID 1 (docker run --init): it forwards SIGTERM to the job and reaps orphans.
    Init: true,
    AutoRemove: false,
    ...(job.cpuset ? { CpusetCpus: job.cpuset } : {}),
    ...(job.memoryLimitBytes ? { Memory: job.memoryLimitBytes, MemorySwap: job.memoryLimitBytes } : {}),
    ...(gpus ? { DeviceRequests: [gpus] } : {}),
  };
}

// Creates (does not start) the job's labelled container.
async function createJobContainer(image: string, job: JobSpec, cgroupParent: string): Promise<Docker.Container> {
  const gpus = job.gpu ? await gpuRequest(job.gpu) : null;
  return docker().createContainer({
    Image: image,
    Cmd: job.command,
    Env: Object.entries(job.env).map(([k, v]) => `${k}=${v}`),
    ...(job.workdir ? { WorkingDir: job.workdir } : {}),
    Labels: {
      [LABEL]: 'job',
      [`${LABEL}.run`]: job.runId,
      [`${LABEL}.scenario`]: job.scenario,
      [OWNER_PID_LABEL]: String(process.pid),
    },
    HostConfig: hostConfigOf(job, cgroupParent, gpus),
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
}

// The engine's device request for a job's GPUs, or an error saying why there is none and how to get one.
async function gpuRequest(ask: GpuAsk): Promise<Docker.DeviceRequest> {
  const plan = planGpu(await engineGpu(), ask);
  if ('request' in plan) return plan.request;
  throw new HarnessError('E_GPU_UNAVAILABLE', plan.reason, { fix: plan.fix });
}

// Streams the container's stdout and stderr into the job's log file and its line callback.
async function attachLog(container: Docker.Container, job: JobSpec): Promise<WriteStream> {
  await mkdir(dirname(job.logFile), { recursive: true });
  const log = createWriteStream(job.logFile, { flags: 'a' });
  const stream = await container.attach({ stream: true, stdout: true, stderr: true });
  const split = lineSplitter((line) => job.onOutput?.(line));
  const sink = new PassThrough();
  sink.on('data', (d: Buffer) => {
    log.write(d);
    split(d.toString());
  });
  docker().modem.demuxStream(stream, sink, sink);
  return log;
}
