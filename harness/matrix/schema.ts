import { z } from 'zod';
import { JOBS, PRESETS } from './names.ts';

export { JOBS, PRESETS };

const positiveInt = (what: string) => z.number({ error: `expected ${what}` }).int(`expected ${what}`);

export const matrixSchema = z.strictObject({
  /** Optional editor hint; ignored. */
  $schema: z.string().optional(),
  /** Short name, used in campaign folder names. */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, dots, dashes or underscores').optional(),
  description: z.string().optional(),
  /** Stacks (folders under images/) to run. */
  stacks: z.array(z.string()).min(1, 'expected at least one stack'),
  /** Deployments to run each stack in. */
  deployments: z.array(z.enum(['bare-metal', 'container', 'host'], { error: 'expected one of bare-metal, container, host' })).min(1, 'expected at least one deployment'),
  /** Jobs of the workload. */
  jobs: z.array(z.enum(JOBS, { error: `expected one of ${JOBS.join(', ')}` })).min(1, 'expected at least one job').default(['train', 'infer']),
  workload: z
    .strictObject({
      /** Only the reference workload exists for now. */
      name: z.literal('lstm-logs', { error: 'expected lstm-logs (the reference workload)' }).default('lstm-logs'),
      preset: z.enum(PRESETS, { error: `expected one of ${PRESETS.join(', ')}` }).default('small'),
      /** Seed of data generation and training; the same in every deployment. */
      seed: positiveInt('a whole number').min(0, 'expected a seed >= 0').default(42),
      /** CPU threads the framework may use; null = its default. */
      threads: positiveInt('a whole number of threads').min(1, 'expected at least 1 thread').nullable().default(null),
      /** Device: auto, cpu or cuda. */
      device: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
      /** Folder of the user's own logs (train.log, infer.log, labels.json) instead of generated data. */
      dataDir: z.string().nullable().default(null),
    })
    .default({ name: 'lstm-logs', preset: 'small', seed: 42, threads: null, device: 'auto', dataDir: null }),
  /** Measured repetitions of every job of every scenario. */
  repetitions: positiveInt('a whole number of repetitions').min(1, 'expected at least 1 repetition').max(1000, 'expected at most 1000').default(3),
  /** Unrecorded warmup runs before the measured ones. */
  warmup: positiveInt('a whole number of warmup runs').min(0, 'expected 0 or more warmup runs').default(0),
  sampling: z
    .strictObject({ intervalMs: positiveInt('milliseconds').min(10, 'expected at least 10 ms').max(10_000, 'expected at most 10000 ms').default(100) })
    .default({ intervalMs: 100 }),
  /** Per-job limit; the job's whole process tree or container is killed after it. */
  timeoutSeconds: z.number({ error: 'expected seconds' }).positive('expected a positive number of seconds').default(3600),
  /** GPUs for container jobs (Docker DeviceRequests); bare metal sees the host's GPUs. */
  gpu: z.union([z.literal(false), z.strictObject({ count: z.union([z.literal('all'), positiveInt('a GPU count').min(1)]).default('all') })]).default(false),
  /** Container network: none (default) or bridge. */
  network: z.enum(['none', 'bridge']).default('none'),
  /** Confine every job (all deployments) to these CPUs, e.g. "0" or "0-1" (affinity; no other limit). */
  cpuset: z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'expected a CPU list such as "0" or "0-3"').nullable().default(null),
  /** Interpreter of the `host` deployment (e.g. a conda env's python); per stack or for all. */
  host: z.strictObject({ python: z.union([z.string(), z.record(z.string(), z.string())]) }).optional(),
  /** Keep adding repetitions while the relative standard deviation of wall time exceeds maxRsdPercent. */
  dynamicRepetitions: z.strictObject({ maxRsdPercent: z.number().positive(), maxRepetitions: positiveInt('a whole number').min(2) }).optional(),
});

/** A matrix file as validated. */
export type Matrix = z.infer<typeof matrixSchema>;
