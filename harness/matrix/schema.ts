import { z } from 'zod';
import {
  MAX_GPUS,
  MAX_INTERVAL_MS,
  MAX_MARGIN_PERCENT,
  MAX_REPETITIONS,
  MAX_RSD_PERCENT,
  MAX_TIMEOUT_SECONDS,
  MAX_WARMUP,
  MIN_INTERVAL_MS,
} from '../core/limits.ts';

import { CDI_NAME_RE } from './names.ts';
import { JOB_NAME_RE, PRESETS, REFERENCE_JOBS, REFERENCE_WORKLOAD, workloadJobs, workloadSchema } from './workload.ts';

const CDI_NAME_HINT =
  'expected a CDI device name such as nvidia.com/gpu=0 or nvidia.com/gpu=all (`nvidia-ctk cdi list`)';

/** Jobs the reference workload knows. */
export const JOBS = REFERENCE_JOBS;
export { PRESETS };

const positiveInt = (what: string) => z.number({ error: `expected ${what}` }).int(`expected ${what}`);

/** The matrix fields before `jobs` is resolved (for flags checked against one field). */
export const matrixObjectSchema = z.strictObject({
  /** Optional editor hint; ignored. */
  $schema: z.string().optional(),
  /** Short name, used in campaign folder names. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, dots, dashes or underscores')
    .optional(),
  description: z.string().optional(),
  /** Stacks (folders under images/) to run. */
  stacks: z.array(z.string()).min(1, 'expected at least one stack'),
  /** Deployments to run each stack in. */
  deployments: z
    .array(z.enum(['bare-metal', 'container', 'host'], { error: 'expected one of bare-metal, container, host' }))
    .min(1, 'expected at least one deployment'),
  /** Jobs of the workload to run (default: all of them: train and infer for the reference workload). */
  jobs: z
    .array(z.string().regex(JOB_NAME_RE, 'expected a job name (letters, digits, dots, dashes or underscores)'))
    .min(1, 'expected at least one job')
    .optional(),
  /** The reference workload (default) or a workload of the user's own (`code` + `jobs`). */
  workload: workloadSchema.default({
    name: REFERENCE_WORKLOAD,
    preset: 'small',
    seed: 42,
    threads: null,
    device: 'auto',
    dataDir: null,
    evaluation: { topg: 3, window: 10 },
  }),
  /** Measured repetitions of every job of every scenario. */
  repetitions: positiveInt('a whole number of repetitions')
    .min(1, 'expected at least 1 repetition')
    .max(MAX_REPETITIONS, `expected at most ${MAX_REPETITIONS}`)
    .default(3),
  /** Unrecorded warmup runs before the measured ones. */
  warmup: positiveInt('a whole number of warmup runs')
    .min(0, 'expected 0 or more warmup runs')
    .max(MAX_WARMUP, `expected at most ${MAX_WARMUP} warmup runs`)
    .default(0),
  sampling: z
    .strictObject({
      intervalMs: positiveInt('milliseconds')
        .min(MIN_INTERVAL_MS, `expected at least ${MIN_INTERVAL_MS} ms`)
        .max(MAX_INTERVAL_MS, `expected at most ${MAX_INTERVAL_MS} ms`)
        .default(100),
    })
    .default({ intervalMs: 100 }),
  /** Per-job limit; the job's whole process tree or container is killed after it. */
  timeoutSeconds: z
    .number({ error: 'expected seconds' })
    .positive('expected a positive number of seconds')
    .max(MAX_TIMEOUT_SECONDS, `expected at most ${MAX_TIMEOUT_SECONDS} s (Node's timer limit)`)
    .default(3600),
  /** GPUs for container jobs (Docker DeviceRequests); bare metal sees the host's GPUs. */
  gpu: z
    .union([
      z.literal(false),
      z.strictObject({
        count: z
          .union([
            z.literal('all'),
            positiveInt('a GPU count')
              .min(1, 'expected at least 1 GPU')
              .max(MAX_GPUS, `expected at most ${MAX_GPUS} GPUs`),
          ])
          .default('all'),
        /** CDI device names (engine 25+), e.g. ["nvidia.com/gpu=0"]; absent: the nvidia driver, else CDI. */
        devices: z
          .array(z.string().regex(CDI_NAME_RE, CDI_NAME_HINT))
          .min(1, 'expected at least one CDI device name, or no `devices`')
          .optional(),
      }),
    ])
    .default(false),
  /** Container network: none (default) or bridge. */
  network: z.enum(['none', 'bridge']).default('none'),
  /** Confine every job (all deployments) to these CPUs, e.g. "0" or "0-1" (affinity; no other limit). */
  cpuset: z
    .string()
    .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'expected a CPU list such as "0" or "0-3"')
    .nullable()
    .default(null),
  /** Interpreter of the `host` deployment (e.g. a conda env's python); per stack or for all. */
  host: z.strictObject({ python: z.union([z.string(), z.record(z.string(), z.string())]) }).optional(),
  /** Keep adding repetitions while the relative standard deviation of wall time exceeds maxRsdPercent. */
  dynamicRepetitions: z
    .strictObject({
      maxRsdPercent: z
        .number({ error: 'expected percent' })
        .positive('expected a positive percent')
        .max(MAX_RSD_PERCENT, `expected at most ${MAX_RSD_PERCENT}%`),
      maxRepetitions: positiveInt('a whole number')
        .min(2, 'expected at least 2')
        .max(MAX_REPETITIONS, `expected at most ${MAX_REPETITIONS}`),
    })
    .optional(),
  /**
   * How comparisons (each deployment vs bare metal per stack, wall time) are decided: equivalent when the 95%
   * CI of the ratio lies within ±marginPercent; with maxRepetitions, rounds are added while one is undecided.
   */
  decision: z
    .strictObject({
      /** Equivalence margin, in percent (5 = the ratio's CI within [0.95, 1.05]). */
      marginPercent: z
        .number({ error: 'expected percent' })
        .min(0, 'expected a non-negative percent')
        .max(MAX_MARGIN_PERCENT, `expected at most ${MAX_MARGIN_PERCENT}%`)
        .default(5),
      /** Add rounds while a comparison is undecided, up to this many repetitions (omit: no added rounds). */
      maxRepetitions: positiveInt('a whole number')
        .min(2, 'expected at least 2')
        .max(MAX_REPETITIONS, `expected at most ${MAX_REPETITIONS}`)
        .optional(),
    })
    .optional(),
});

/** A matrix as validated: `jobs` resolved to the workload's jobs when not given. */
export const matrixSchema = matrixObjectSchema.transform((m) => ({ ...m, jobs: m.jobs ?? workloadJobs(m.workload) }));

/** A matrix file as validated. */
export type Matrix = z.infer<typeof matrixSchema>;
