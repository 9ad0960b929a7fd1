import { z } from 'zod';
import { HarnessError } from '../core/errors.ts';
import {
  MAX_GLOB_CHARS,
  MAX_INTERVAL_MS,
  MAX_MEMORY_LIMIT_MB,
  MAX_REPETITIONS,
  MAX_TIMEOUT_SECONDS,
  MAX_WARMUP,
  MIN_INTERVAL_MS,
  MIN_MEMORY_LIMIT_MB,
  MAX_MARGIN_PERCENT,
} from '../core/limits.ts';
import { STACK_NAME_RE } from '../images/stack.ts';
import { matrixObjectSchema, PRESETS } from './schema.ts';

/** What `deploybench run` may override in a matrix from the command line, as typed. */
export interface RawRunOverrides {
  reps?: unknown;
  warmup?: unknown;
  intervalMs?: unknown;
  preset?: unknown;
  only?: unknown;
  stacks?: unknown;
  margin?: unknown;
  maxReps?: unknown;
}

/** The overrides once validated by the matrix's own schema. */
export interface RunOverrides {
  reps?: number;
  warmup?: number;
  intervalMs?: number;
  preset?: (typeof PRESETS)[number];
  only?: string;
  /** Stack names, replacing the matrix's `stacks`. */
  stacks?: string[];
  /** Equivalence margin, in percent (matrix field decision.marginPercent). */
  margin?: number;
  /** Cap of decision-based rounds, in repetitions (matrix field decision.maxRepetitions). */
  maxReps?: number;
}

/** A number flag read strictly: `12` and `1.5` are numbers, `abc`, `` and `0x10` are NaN (so the schema names them). */
export function numberFlag(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number') return raw;
  // A flag given twice arrives as a list: not a number.
  if (typeof raw !== 'string') return Number.NaN;
  const text = raw.trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

// An `--only` glob: scenario ids are stack names (letters, digits, . _ -), '@' and a deployment.
const onlySchema = z
  .string({ error: 'expected a glob such as "torch-2.6*@container"' })
  .min(1, 'expected a glob such as "torch-2.6*@container"')
  .max(MAX_GLOB_CHARS, `expected at most ${MAX_GLOB_CHARS} characters`)
  .regex(
    /^[A-Za-z0-9._@*?, -]+$/,
    'expected letters, digits, . _ - @, the wildcards * and ?, and commas between alternatives',
  );

// A `--stacks` list as typed (A,B), split at commas; each name as a stack.yaml name; each once.
function stacksFlagSchema(known: readonly string[] | undefined): z.ZodType<string[]> {
  return z
    .string({ error: 'expected stack names separated by commas, e.g. --stacks torch-2.6-debian13,torch-2.6-sid' })
    .transform((text) => text.split(',').map((t) => t.trim()))
    .pipe(
      z
        .array(z.string().regex(STACK_NAME_RE, 'expected stack names (lower-case letters, digits, dots, dashes)'))
        .min(1)
        .refine((l) => new Set(l).size === l.length, 'a stack is listed twice')
        .superRefine((l, ctx) => {
          const unknown = known ? l.filter((n) => !known.includes(n)) : [];
          if (unknown.length > 0)
            ctx.addIssue({
              code: 'custom',
              message: `unknown stack ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${known?.join(', ')})`,
            });
        }),
    );
}

const presetSchema = z.enum(PRESETS, { error: `expected one of ${PRESETS.join(', ')}` });

interface Flag {
  flag: string;
  /** What the flag stands for, in words. */
  about: string;
  schema: z.ZodType;
  hint: string;
}

const maxRepsSchema = matrixObjectSchema.shape.decision.unwrap().shape.maxRepetitions.unwrap();
const marginSchema = matrixObjectSchema.shape.decision.unwrap().shape.marginPercent.unwrap();
const intervalSchema = matrixObjectSchema.shape.sampling.unwrap().shape.intervalMs.unwrap();

// Each flag is checked by the schema of the matrix field it overrides, so both accept the same values.
const FLAGS: Record<keyof RawRunOverrides, Flag> = {
  stacks: {
    flag: '--stacks',
    about: 'matrix field stacks',
    schema: stacksFlagSchema(undefined),
    hint: 'stack names from `deploybench list stacks`, separated by commas, e.g. --stacks torch-1.13-debian12,torch-2.6-debian13',
  },
  reps: {
    flag: '--reps',
    about: 'matrix field repetitions',
    schema: matrixObjectSchema.shape.repetitions.unwrap(),
    hint: `a whole number from 1 to ${MAX_REPETITIONS}, e.g. --reps 5`,
  },
  warmup: {
    flag: '--warmup',
    about: 'matrix field warmup',
    schema: matrixObjectSchema.shape.warmup.unwrap(),
    hint: `a whole number from 0 to ${MAX_WARMUP}, e.g. --warmup 1`,
  },
  intervalMs: {
    flag: '--interval-ms',
    about: 'matrix field sampling.intervalMs',
    schema: intervalSchema,
    hint: `whole milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, e.g. --interval-ms 100`,
  },
  preset: {
    flag: '--preset',
    about: 'matrix field workload.preset',
    schema: presetSchema,
    hint: `one of ${PRESETS.join(', ')}`,
  },
  only: {
    flag: '--only',
    about: 'the scenario filter',
    schema: onlySchema,
    hint: 'a glob of scenario ids (<stack>@<deployment>), e.g. --only "torch-2.6*@container"',
  },
  margin: {
    flag: '--margin',
    about: 'matrix field decision.marginPercent',
    schema: marginSchema,
    hint: `a percent from 0 to ${MAX_MARGIN_PERCENT}, e.g. --margin 5`,
  },
  maxReps: {
    flag: '--max-reps',
    about: 'matrix field decision.maxRepetitions',
    schema: maxRepsSchema,
    hint: `a whole number from 2 to ${MAX_REPETITIONS}, e.g. --max-reps 10 (equal to --reps: no added rounds)`,
  },
};

// A value as the user typed it, for the message.
function shown(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
  return text.length > 60 ? `${text.slice(0, 60)}...` : text === '' ? '""' : text;
}

// Flags whose value is text, not a number.
const TEXT_FLAGS = new Set<keyof RawRunOverrides>(['preset', 'only', 'stacks']);

/**
 * Validates the command line's overrides of a matrix before any work starts; the first bad one is a
 * usage error naming the flag, the value and the matrix field it stands for. `known.stacks`: the stacks
 * under images/, which `--stacks` must name.
 */
export function validateRunOverrides(raw: RawRunOverrides, known: { stacks?: readonly string[] } = {}): RunOverrides {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(FLAGS) as (keyof RawRunOverrides)[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const spec = key === 'stacks' ? { ...FLAGS.stacks, schema: stacksFlagSchema(known.stacks) } : FLAGS[key];
    out[key] = checkFlag(spec, TEXT_FLAGS.has(key) ? value : numberFlag(value), value);
  }
  return out;
}

/** Checks one command-line value with `spec.schema`; a usage error names the flag, the value as typed and what it stands for. */
export function checkFlag<T>(
  spec: { flag: string; about: string; schema: z.ZodType<T>; hint: string },
  value: unknown,
  typed: unknown = value,
): T {
  const result = spec.schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'invalid';
  throw new HarnessError('E_USAGE', `${spec.flag} ${shown(typed)}: ${message} (${spec.about})`, {
    fix: `give ${spec.hint}`,
  });
}

/** The number flags of `deploybench measure`, as typed. */
export interface RawMeasureFlags {
  intervalMs: unknown;
  timeout: unknown;
  memoryLimit?: unknown;
}

/** Validates `measure`'s number flags with the matrix's own bounds (interval, timeout) before anything runs. */
export function validateMeasureFlags(raw: RawMeasureFlags): {
  intervalMs: number;
  timeoutSeconds: number;
  memoryLimitMb?: number;
} {
  const intervalMs = checkFlag(
    { ...FLAGS.intervalMs, schema: intervalSchema },
    numberFlag(raw.intervalMs),
    raw.intervalMs,
  );
  const timeoutSeconds = checkFlag(
    {
      flag: '--timeout',
      about: 'seconds before the command is killed',
      schema: matrixObjectSchema.shape.timeoutSeconds.unwrap(),
      hint: `seconds above 0, at most ${MAX_TIMEOUT_SECONDS}, e.g. --timeout 600`,
    },
    numberFlag(raw.timeout),
    raw.timeout,
  );
  const memoryLimitMb =
    raw.memoryLimit === undefined
      ? undefined
      : checkFlag(
          {
            flag: '--memory-limit',
            about: 'MiB the command may use',
            schema: z
              .number({ error: 'expected a whole number of MiB' })
              .int('expected a whole number of MiB')
              .min(MIN_MEMORY_LIMIT_MB, `expected at least ${MIN_MEMORY_LIMIT_MB} MiB`)
              .max(MAX_MEMORY_LIMIT_MB, `expected at most ${MAX_MEMORY_LIMIT_MB} MiB`),
            hint: `whole MiB from ${MIN_MEMORY_LIMIT_MB}, e.g. --memory-limit 256`,
          },
          numberFlag(raw.memoryLimit),
          raw.memoryLimit,
        );
  return { intervalMs, timeoutSeconds, memoryLimitMb };
}
