import { z } from 'zod';
import { MAX_SEED, MAX_THREADS } from '../core/limits.ts';

import { JOBS, PRESETS } from './names.ts';
import { workloadDataSchema } from './workload-data.ts';

export { PRESETS };

/** Jobs the reference workload knows. */
export const REFERENCE_JOBS = JOBS;

/** Name of the reference workload (the study's LSTM detector). */
export const REFERENCE_WORKLOAD = 'lstm-logs';

/** A job name is one path segment of the results layout: letters, digits, dots, dashes, underscores. */
export const JOB_NAME_RE = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,64}$/;
const JOB_NAME_HINT =
  'expected a job name of letters, digits, dots, dashes or underscores (1-64 characters; it names a results folder)';

/** Where a user workload's folders appear in every deployment. */
export const WORKLOAD_PATHS = { code: '/code', data: '/data', shared: '/shared', out: '/out' } as const;

const int = (what: string) => z.number({ error: `expected ${what}` }).int(`expected ${what}`);
const argvSchema = z
  .array(z.string({ error: 'expected a list of strings (the command and its arguments)' }), {
    error: 'expected a list of strings (the command and its arguments)',
  })
  .min(1, 'expected a command (a non-empty list: [program, arg, ...])');

/** Largest top-g and window the matrix accepts (the vocabulary and sequences bound them in practice). */
export const MAX_TOPG = 1000;
export const MAX_WINDOW = 1000;

/** The study's evaluation (section 3.3): next-event top-g over sliding windows of h events. */
export const evaluationSchema = z.strictObject({
  /** g (the study's k): a window is normal when its actual next event is among the g most likely. */
  topg: int('a whole number (g of top-g)')
    .min(1, 'expected topg >= 1')
    .max(MAX_TOPG, `expected topg <= ${MAX_TOPG}`)
    .default(3),
  /** h: events of context per window (step 1); sequences shorter than h + 1 are not classified. */
  window: int('a whole number of events (h)')
    .min(1, 'expected window >= 1')
    .max(MAX_WINDOW, `expected window <= ${MAX_WINDOW}`)
    .default(10),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

/** The reference workload: the study's LSTM detector on generated (or the user's key=value) logs. */
export const referenceWorkloadSchema = z.strictObject({
  name: z
    .literal(REFERENCE_WORKLOAD, {
      error: `expected ${REFERENCE_WORKLOAD} (the reference workload); a workload of your own needs \`code\` and \`jobs\``,
    })
    .default(REFERENCE_WORKLOAD),
  preset: z.enum(PRESETS, { error: `expected one of ${PRESETS.join(', ')}` }).default('small'),
  /** Seed of data generation and training; the same in every deployment. */
  seed: int('a whole number')
    .min(0, 'expected a seed >= 0')
    .max(MAX_SEED, `expected a seed <= ${MAX_SEED}`)
    .default(42),
  /** CPU threads the framework may use; null = its default. */
  threads: int('a whole number of threads')
    .min(1, 'expected at least 1 thread')
    .max(MAX_THREADS, `expected at most ${MAX_THREADS} threads`)
    .nullable()
    .default(null),
  /** Device: auto, cpu or cuda. */
  device: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
  /** Folder of the user's own logs (train.log, infer.log, labels.json) instead of generated data: `data` with format kv. */
  dataDir: z.string().nullable().default(null),
  /** The user's own logs in any format the workload reads, with mapping and split (instead of `dataDir`). */
  data: workloadDataSchema.optional(),
  /** Top-g and window h of training and detection; the same in every deployment (default g = 3, h = 10). */
  evaluation: evaluationSchema.default({ topg: 3, window: 10 }),
});

/** A workload of the user's own: a code folder, optional data, a prepare step and named jobs. */
export const userWorkloadSchema = z.strictObject({
  /** Free name, shown in reports. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a name of letters, digits, dots, dashes or underscores')
    .refine(
      (n) => n !== REFERENCE_WORKLOAD,
      `"${REFERENCE_WORKLOAD}" is the reference workload's name; choose another`,
    ),
  /** Host folder, read-only at /code in every deployment (relative to the matrix file). */
  code: z.string().min(1, 'expected a folder'),
  /** Host folder, read-only at /data (optional; relative to the matrix file). */
  data: z.string().min(1, 'expected a folder').nullable().default(null),
  /** Run once per campaign and stack, unmeasured; what it writes to /shared is read-only there for the jobs. */
  prepare: argvSchema.nullable().default(null),
  /** Job name -> argv, the same in every deployment. */
  jobs: z
    .record(z.string().regex(JOB_NAME_RE, JOB_NAME_HINT), argvSchema, {
      error: (iss) => (iss.code === 'invalid_type' ? 'expected a mapping of job name -> command list' : undefined),
    })
    .refine((j) => Object.keys(j).length > 0, 'expected at least one job'),
  /** Environment of every job and of prepare, the same in every deployment. */
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name'),
      z.string({ error: 'expected a string value (quote numbers: "2")' }),
    )
    .default({}),
  /** Working directory of the jobs inside the deployment; null = the image's own. */
  workdir: z
    .string()
    .startsWith('/', 'expected an absolute path inside the deployment, e.g. /code')
    .nullable()
    .default(null),
  /** Metrics of result.json that must agree across the deployments of a stack. */
  equivalence: z
    .strictObject({
      metrics: z.array(z.string()).min(1, 'expected at least one metric name'),
      relTolerance: z
        .number()
        .min(0, 'expected a tolerance >= 0')
        .max(1, 'expected a relative tolerance <= 1')
        .default(1e-6),
    })
    .optional(),
});

/** The workload field: the reference one (default) or the user's own (recognised by `code`). */
export const workloadSchema = z.union([userWorkloadSchema, referenceWorkloadSchema]);

export type ReferenceWorkload = z.infer<typeof referenceWorkloadSchema>;
export type UserWorkload = z.infer<typeof userWorkloadSchema>;
export type Workload = ReferenceWorkload | UserWorkload;

/** True for a workload of the user's own. */
export function isUserWorkload(w: Workload): w is UserWorkload {
  return 'code' in w;
}

/** Jobs a workload offers, in its order. */
export function workloadJobs(w: Workload): string[] {
  return isUserWorkload(w) ? Object.keys(w.jobs) : [...REFERENCE_JOBS];
}
