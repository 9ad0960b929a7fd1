import { z } from 'zod';
import { MAX_INTERVAL_MS } from '../core/limits.ts';

/**
 * Version of every file the harness writes; readers refuse newer ones and migrate older ones (migrate.ts).
 * 2: `memory.peakBytes` and `memory.avgBytes` are private memory (RssAnon + RssShmem); the RSS figures
 * of version 1 moved to `memory.rssPeakBytes` and `memory.rssAvgBytes`; `noise` added.
 */
export const SCHEMA_VERSION = 2;

/** How a run ended. */
export const RUN_STATUSES = ['ok', 'failed', 'timeout', 'oom', 'interrupted', 'unsupported'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

// Bounds of figures read back from disk: a record with a negative duration or a count that is not a
// whole number was not written by the harness, and would make every statistic built on it nonsense.
const seconds = z.number().nonnegative('expected seconds >= 0');
const bytes = z.number().nonnegative('expected bytes >= 0');
const percent = z.number().nonnegative('expected a percentage >= 0');
const count = z.number().int('expected a whole number').nonnegative('expected a count >= 0');

/**
 * A file beside the run record, named without any folder: whatever a record says, the harness only
 * reads files inside the record's own folder (a record cannot point at /etc/passwd).
 */
export const siblingFileName = z
  .string()
  .min(1, 'expected a file name')
  .max(255, 'expected a file name of at most 255 characters')
  .refine(
    (name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..',
    'expected a file name beside the record, without folders',
  );

/** How a job is started. */
export const DEPLOYMENTS = ['container', 'bare-metal', 'host'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

export const cpuMetricsSchema = z.object({
  /** CPU time of the job's cgroup divided by its wall time, x100 (100 = one core busy). Null when the wall time is 0. */
  avgPercent: percent.nullable(),
  /** Highest rate over any `maxWindowSeconds` window (100 = one core). Null when the job was shorter than one sample interval. */
  maxPercent: percent.nullable(),
  /** Width of the sliding window of `maxPercent`, in seconds. */
  maxWindowSeconds: seconds,
  /** User-mode CPU seconds of the job's cgroup. */
  userSeconds: seconds.nullable(),
  /** Kernel-mode CPU seconds of the job's cgroup. */
  systemSeconds: seconds.nullable(),
  /** Total CPU seconds (cpuacct.usage / cpu.stat usage_usec). */
  totalSeconds: seconds.nullable(),
  /** `avgPercent` divided by the host's logical CPU count (100 = the whole host busy), the paper's style. */
  hostAvgPercent: percent.nullable(),
  /** `maxPercent` divided by the host's logical CPU count. */
  hostMaxPercent: percent.nullable(),
});
export type CpuMetrics = z.infer<typeof cpuMetricsSchema>;

export const memoryMetricsSchema = z.object({
  /**
   * Private peak RAM of the job, in bytes: the highest sampled sum of RssAnon + RssShmem over the processes of
   * the cgroup tree, or a single process's private peak between samples estimated from VmHWM when higher.
   * Null when unknown (no process seen, or a record of schemaVersion 1, which measured RSS only).
   */
  peakBytes: bytes.nullable(),
  /** Time-average of the sampled private memory (RssAnon + RssShmem sums), in bytes. */
  avgBytes: bytes.nullable(),
  /** Peak resident memory incl. file-mapped pages (VmRSS sums and per-process VmHWM), in bytes; schemaVersion 1's `peakBytes`. */
  rssPeakBytes: bytes.nullable(),
  /** Time-average of the sampled VmRSS sums, in bytes; schemaVersion 1's `avgBytes`. */
  rssAvgBytes: bytes.nullable(),
  /**
   * The cgroup's high-water mark of charged memory, in bytes: anon and shmem the job touched plus page cache it
   * brought in first (file pages already cached and charged elsewhere are not in it).
   */
  cgroupPeakBytes: bytes.nullable(),
  /** The cgroup's memory.stat split after the job ended, in bytes (anon is freed by then; file = page cache it left). */
  cgroupAtEnd: z.object({ anonBytes: bytes, fileBytes: bytes, shmemBytes: bytes }).nullable().optional(),
  /** Times the kernel's OOM killer fired in the job's cgroup. */
  oomKills: count,
});
export type MemoryMetrics = z.infer<typeof memoryMetricsSchema>;

export const gpuMetricsSchema = z.object({
  /** Peak of the GPU memory used by the job's processes (NVML per-process), in bytes. */
  peakBytes: bytes.nullable(),
  /** Peak device memory used during the job minus the baseline before it, in bytes. */
  devicePeakBytes: bytes.nullable(),
  /** Device memory used before the job started, in bytes. */
  baselineBytes: bytes.nullable(),
  /** The framework's own peak (torch.cuda.max_memory_reserved), as reported by the job, in bytes. */
  frameworkPeakBytes: bytes.nullable(),
  /** Mean GPU utilisation over the samples, in percent. */
  avgUtilPercent: percent.max(100, 'expected a percentage <= 100').nullable(),
  /** Where the figures came from: 'nvml' or 'nvidia-smi'. */
  source: z.string(),
  /** UUIDs of the devices sampled. */
  devices: z.array(z.string()),
});
export type GpuMetrics = z.infer<typeof gpuMetricsSchema>;

export const samplesInfoSchema = z.object({
  /** Number of samples taken. */
  count: count,
  /** Requested sampling interval, in milliseconds (0 when nothing was sampled). */
  intervalMs: z
    .number()
    .nonnegative('expected milliseconds >= 0')
    .max(MAX_INTERVAL_MS, `expected at most ${MAX_INTERVAL_MS} ms`),
  /** File name of the time series beside the run record (NDJSON), or null when none was written. */
  file: siblingFileName.nullable(),
});
/** What the job itself reported (its result.json), plus the job's name. Loose: workloads may add fields. */
export const jobReportSchema = z.looseObject({
  /** Name of the job in the matrix: 'train' or 'infer', or a user workload's job name. */
  name: z.string(),
  /** Whether the job wrote a result file. */
  reported: z.boolean(),
  framework: z.record(z.string(), z.unknown()).optional(),
  /** 'job' when the job reported its framework itself, 'probe' when the harness's probe of the scenario gave it. */
  frameworkSource: z.enum(['job', 'probe']).optional(),
  phases: z.record(z.string(), z.unknown()).optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
  throughput: z.record(z.string(), z.unknown()).optional(),
});
export type JobReport = z.infer<typeof jobReportSchema>;

/** What else used the host's CPUs during a run (from /proc/stat and the job's cgroup). */
export const noiseMetricsSchema = z.object({
  /** Host busy CPU time (user+nice+system+irq+softirq) minus the job's cgroup CPU time over the window, in % of one core. */
  otherCpuPercent: percent,
  /** Steal time over the window (the hypervisor ran something else), in % of one core. */
  stealPercent: percent,
  /** Length of the window measured (sampler start to stop), in seconds. */
  windowSeconds: seconds,
  /** `noisy` threshold, in % of one core. */
  thresholdPercent: percent,
  /** True when otherCpuPercent + stealPercent > thresholdPercent: the run shared the machine. */
  noisy: z.boolean(),
});
export type NoiseMetrics = z.infer<typeof noiseMetricsSchema>;

export const runRecordSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  status: z.enum(RUN_STATUSES),
  /** Exit code of the job's main process; null when killed by a signal or never started. */
  exitCode: z.number().int('expected a whole number').nullable(),
  /** Signal that ended the job, if any. */
  signal: z.string().nullable(),
  /** Why the run did not succeed, in words; null when ok. */
  error: z.string().nullable(),
  /** Campaign id, or null for `deploybench measure`. */
  campaign: z.string().nullable(),
  /** `<stack>@<deployment>`. */
  scenario: z.string(),
  /** Stack name, or null for a plain host command / raw image. */
  stack: z.string().nullable(),
  deployment: z.enum(DEPLOYMENTS),
  /** Executor that ran it: 'container', 'bare-metal' (chroot or plain host process) or 'host'. */
  executor: z.string(),
  /** Repetition number, from 1; warmup runs are numbered from 1 too and have `warmup: true`. */
  rep: z.number().int('expected a whole number').min(1, 'expected a repetition >= 1'),
  warmup: z.boolean(),
  /** Docker image id or tag the job ran from, if any. */
  image: z.string().nullable(),
  /** The command line as executed inside the deployment. */
  command: z.array(z.string()),
  /** ISO timestamps. */
  startedAt: z.string(),
  endedAt: z.string(),
  /** Job start to exit, in seconds (monotonic clock). */
  wallSeconds: seconds,
  /** Time the deployment medium added around the job (container create/start/teardown), in seconds; not part of wallSeconds. */
  launchOverheadSeconds: seconds.optional(),
  cpu: cpuMetricsSchema,
  memory: memoryMetricsSchema,
  gpu: gpuMetricsSchema.nullable(),
  /** What else ran on the host meanwhile; absent when it could not be read (and in records of schemaVersion 1). */
  noise: noiseMetricsSchema.optional(),
  /** The schemaVersion the record was written with, when it was read through a migration (see migrate.ts). */
  upgradedFrom: z.number().int().optional(),
  samples: samplesInfoSchema,
  job: jobReportSchema,
  /** Log file of the job's stdout/stderr, relative to the run record. */
  logFile: siblingFileName.nullable(),
  /** Problems with what the run left (an invalid result.json field, ...), each in words. */
  warnings: z.array(z.string()).optional(),
  /** What the job wrote into its own filesystem, outside its mounted folders and /tmp (never seen by a later run). */
  filesystemWrites: z
    .object({ count: z.number(), paths: z.array(z.string()) })
    .nullable()
    .optional(),
  /** Last lines of the job's log, for runs that did not end ok. */
  logTail: z.array(z.string()).optional(),
  /**
   * The host NVIDIA driver libraries bound into a bare-metal job that asked for GPUs (absent otherwise):
   * the kernel module's version, each library by soname and host file, or why nothing was injected.
   */
  hostDriver: z
    .object({
      version: z.string().nullable(),
      injected: z.array(z.object({ soname: z.string(), hostPath: z.string() })),
      note: z.string().nullable(),
    })
    .nullable()
    .optional(),
});
/** One execution of one job of one scenario. */
export type RunRecord = z.infer<typeof runRecordSchema>;

/** One row of a run's time series (NDJSON, one object a line). */
export interface Sample {
  /** Seconds since the job started (monotonic). */
  t: number;
  /** CPU rate over the last interval (100 = one core); null for the first sample, which has no baseline. */
  cpuPercent: number | null;
  /** Private resident memory (RssAnon + RssShmem) of the job's processes, in bytes (VmRSS in schemaVersion 1). */
  memoryBytes: number | null;
  /** GPU memory used by the job's processes, in bytes; null without GPU. */
  gpuMemoryBytes: number | null;
  /** GPU utilisation, in percent; null without GPU. */
  gpuUtilPercent: number | null;
}
