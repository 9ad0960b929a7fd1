import type { CpuMetrics, GpuMetrics, MemoryMetrics, NoiseMetrics, Sample } from '../results/schema.ts';

/**
 * The accounting cgroup a job runs in, in every deployment. For bare metal the job is moved in by
 * `wrapCommand` before it execs; for containers Docker creates the container's cgroup below it
 * (`dockerCgroupParent`), so the counters read here are hierarchical and survive the container's removal.
 */
export interface JobCgroup {
  /** 1 or 2. */
  readonly version: 1 | 2;
  /** Path relative to the cgroup root, e.g. `/deploybench/<id>`. */
  readonly relPath: string;
  /** Value for Docker's HostConfig.CgroupParent (cgroupfs driver). */
  readonly dockerCgroupParent: string;
  /** Prefix a host command line so that the process enters this cgroup before it execs the command. */
  wrapCommand(argv: readonly string[]): string[];
  /** Host PIDs of every process in the cgroup and its descendants. */
  pids(): Promise<number[]>;
  /** Kill every process in the cgroup and its descendants with SIGKILL. */
  killAll(): Promise<void>;
  /** Remove the cgroup (and its descendants); safe to call twice. */
  remove(): Promise<void>;
}

/** What the sampler measured for one job. */
export interface SamplingResult {
  cpu: CpuMetrics;
  memory: MemoryMetrics;
  /** Null when no GPU library is available. */
  gpu: GpuMetrics | null;
  /** What else used the host's CPUs during the job; null when /proc/stat or the job's CPU time was unreadable. */
  noise: NoiseMetrics | null;
  samples: Sample[];
  intervalMs: number;
}

/** Samples one job's cgroup (and GPU) from `start()` until `stop()`. */
export interface JobSampler {
  /** Begin sampling; call right before the job is started. */
  start(): void;
  /** Take the final reading and compute the metrics. `wallSeconds` is the job's wall time measured by the executor. */
  stop(wallSeconds: number): Promise<SamplingResult>;
}
