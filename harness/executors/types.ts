import type { DriverInjection } from './driver-libs.ts';
import type { RunStatus, Deployment } from '../results/schema.ts';
import type { SamplingResult } from '../sampling/types.ts';
import type { GpuAsk } from './engine-gpu.ts';

/** Where the job sees its data and output folders, and the host folders behind them. */
export interface JobMounts {
  /** Host folder mounted read-only at `/data` (null: none). */
  dataDir: string | null;
  /** Host folder mounted read-write at `/out` (null: none). */
  outDir: string | null;
}

/** A host folder bound into the job's filesystem (container and bare metal; the host deployment maps paths). */
export interface BindMount {
  /** Absolute host path. */
  host: string;
  /** Absolute path inside the deployment. */
  path: string;
  readOnly: boolean;
}

/** What a job wrote into its own filesystem (outside its mounted folders and /tmp). */
export interface FilesystemWrites {
  /** Number of paths written, created or deleted. */
  count: number;
  /** The first of them, as the job saw them. */
  paths: string[];
}

/** Every folder a job sees: /data (read-only) and /out from `mounts`, then its extra binds. */
export function jobBinds(job: Pick<JobSpec, 'mounts' | 'binds'>): BindMount[] {
  const out: BindMount[] = [];
  if (job.mounts.dataDir) out.push({ host: job.mounts.dataDir, path: '/data', readOnly: true });
  if (job.mounts.outDir) out.push({ host: job.mounts.outDir, path: '/out', readOnly: false });
  return [...out, ...(job.binds ?? [])];
}

/** One job to execute, identical in every deployment except for the medium. */
export interface JobSpec {
  /** `<stack>@<deployment>` or a free label for `measure`. */
  scenario: string;
  /** The command line inside the deployment (paths /data and /out for container and bare metal). */
  command: string[];
  /** Environment added to the image's own (the same in every deployment). */
  env: Record<string, string>;
  mounts: JobMounts;
  /** More host folders bound into the job's filesystem (code, shared, `measure --mount`). */
  binds?: BindMount[];
  /** Working directory inside the deployment; absent or null: the image's own. */
  workdir?: string | null;
  /** Kill the job's whole process tree / container after this many ms. */
  timeoutMs: number;
  /** Sampling interval. */
  intervalMs: number;
  /** Container only: request GPUs (a count, or CDI device names; see engine-gpu.ts). */
  gpu: false | GpuAsk;
  /** Container only: network mode. */
  network: 'none' | 'bridge';
  /** CPU affinity for every deployment, e.g. "0". */
  cpuset: string | null;
  /** Memory cap in bytes (only `measure --memory-limit`; matrix runs are never limited). */
  memoryLimitBytes?: number;
  /** File receiving the job's stdout and stderr. */
  logFile: string;
  /** Called with each line the job prints (progress). */
  onOutput?: (line: string) => void;
  /** A unique id (cgroup and container names). */
  runId: string;
}

/** What an executor observed; the runner turns it into a run record. */
export interface RunOutcome {
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  /** ISO timestamps. */
  startedAt: string;
  endedAt: string;
  /** Start to exit of the job's process, in seconds (monotonic clock; for containers the engine's own start/finish times). */
  wallSeconds: number;
  /** Time the medium added around the job (container create/start/teardown seen by the harness), in seconds. */
  launchOverheadSeconds: number;
  sampling: SamplingResult;
  /** The command as executed, for the record. */
  command: string[];
  /** What the job wrote into its filesystem; null where the medium cannot tell (host). */
  filesystemWrites: FilesystemWrites | null;
  /** The host driver libraries given to a bare-metal job that asked for GPUs; null otherwise (optional for fakes). */
  hostDriver?: DriverInjection | null;
}

/** Runs jobs in one deployment medium. */
export interface Executor {
  /** 'container', 'bare-metal' or 'host'. */
  readonly name: string;
  readonly deployment: Deployment;
  /** Image tag or id the executor runs from (null for host). */
  readonly image: string | null;
  /** Paths the job sees for its data and output folders. */
  jobPaths(mounts: JobMounts): { data: string; out: string };
  /** One-time preparation (exporting a root filesystem, checking the interpreter). */
  prepare(): Promise<void>;
  /** Runs one job; resolves with its outcome, also when it fails, times out or is aborted. */
  run(job: JobSpec, signal: AbortSignal): Promise<RunOutcome>;
  /** Releases what prepare() set up. */
  dispose(): Promise<void>;
}
