import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { formatBytes } from '../render/units.ts';

/** Largest result.json read, in bytes; a larger one is a warning on its run, never read. */
export const RESULT_MAX_BYTES = 10 * 1024 * 1024;

const number = z.number().nullable();
/** A throughput: a value with its unit (a bare number is read as `<thing>PerSecond` in things/s). */
const throughputValue = z.union([number, z.strictObject({ value: number, unit: z.string().min(1).max(40) })], {
  error: 'expected { value, unit } (e.g. { "value": 1200, "unit": "samples/s" }), a number or null',
});

/**
 * The fields of `/out/result.json` the harness reads, each validated on its own: a job may write any
 * of them, and more (kept as they are). Published as scenarios/result.schema.json.
 */
export const jobResultFields = {
  /**
   * Quality metrics by name (loss, f1, ...): numbers, or null when undefined; these are shown and compared
   * across deployments. Booleans and nested groups (e.g. the reference's `byK`) are kept as they are.
   * The reference workload's infer job reports its settings `topk` (g) and `window` (h), the session
   * counts `tp`, `fp`, `tn`, `fn` and `precision`, `recall`, `specificity`, `f1`, `accuracy`, `edr`
   * (images/workload/README.md); every one of them, counts and `byK` too, must agree across deployments.
   */
  metrics: z.record(
    z.string(),
    z.union([number, z.boolean(), z.record(z.string(), z.unknown())], {
      error: 'expected a number, null, a boolean or a nested object',
    }),
  ),
  /** Throughputs by name: `{ value, unit }`, e.g. `{ "samples": { "value": 1200, "unit": "samples/s" } }`. */
  throughput: z.record(z.string(), throughputValue),
  /** Phase durations by name, in seconds (a list for repeated phases, e.g. one per epoch). */
  phases: z.record(
    z.string(),
    z.union(
      [z.number().min(0, 'expected seconds >= 0').nullable(), z.array(z.number().min(0, 'expected seconds >= 0'))],
      { error: 'expected seconds (a number >= 0, null, or a list of them)' },
    ),
  ),
  /** Free information, shown as is. */
  info: z.record(z.string(), z.unknown()),
  /** The framework fingerprint, if the job reports one itself (otherwise the harness's probe gives it). */
  framework: z.record(z.string(), z.unknown()),
} as const;

/** The whole result file, for the published JSON Schema. */
export const jobResultSchema = z.looseObject(
  Object.fromEntries(Object.entries(jobResultFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof jobResultFields]: z.ZodOptional<(typeof jobResultFields)[K]>;
  },
);

/** What a job reported, with a warning for every part that could not be used. */
export interface JobResultRead {
  /** The file's fields (invalid ones left out), or null when there was no usable file. */
  value: Record<string, unknown> | null;
  /** Why something was left out, each naming result.json and the field. */
  warnings: string[];
  /** Whether the job wrote a result.json at all. */
  present: boolean;
}

const describe = (issue: z.core.$ZodIssue, field: string): string =>
  `${[field, ...issue.path.map(String)].join('.')}: ${issue.message}`;

/** Checks a parsed result.json field by field: invalid fields are dropped, each with a warning. */
export function validateJobResult(raw: unknown): { value: Record<string, unknown> | null; warnings: string[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { value: null, warnings: ['result.json: expected a JSON object at the top level; ignored'] };
  const value: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  const warnings: string[] = [];
  for (const [field, schema] of Object.entries(jobResultFields)) {
    if (!(field in value)) continue;
    const r = schema.safeParse(value[field]);
    if (r.success) continue;
    // A mapping with some bad entries keeps the good ones; each bad entry is named.
    const entries = value[field];
    const entrySchema = 'valueType' in schema.def ? (schema.def.valueType as z.ZodType) : null;
    if (entrySchema && entries && typeof entries === 'object' && !Array.isArray(entries)) {
      const kept: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(entries as Record<string, unknown>)) {
        const e = entrySchema.safeParse(v);
        if (e.success) kept[k] = v;
        else warnings.push(`result.json ${field}.${k}: ${e.error.issues[0]?.message ?? 'invalid'}; ignored`);
      }
      value[field] = kept;
      continue;
    }
    delete value[field];
    const first = r.error.issues.slice(0, 3).map((i) => describe(i, field));
    warnings.push(
      `result.json ${first.join('; ')}${r.error.issues.length > 3 ? ` (and ${r.error.issues.length - 3} more)` : ''}; field ${field} ignored`,
    );
  }
  return { value, warnings };
}

// Why result.json could not be opened: absent is no report and no warning; anything else is named.
function unopenable(error: NodeJS.ErrnoException): JobResultRead {
  if (error.code === 'ENOENT') return { value: null, warnings: [], present: false };
  const why = error.code === 'ELOOP' ? 'is a symbolic link' : `cannot be opened (${error.code ?? error.message})`;
  return { value: null, warnings: [`result.json ${why}; ignored (write it as a regular file in /out)`], present: true };
}

/** Reads `result.json` of a job's output folder: absent is no warning; oversized, unparsable or invalid parts are. */
export async function readJobResultFile(outDir: string | null): Promise<JobResultRead> {
  if (!outDir) return { value: null, warnings: [], present: false };
  const file = join(outDir, 'result.json');
  // The job owns /out: never follow its symbolic link (to a host file) and never block on its FIFO.
  let fh: FileHandle;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return unopenable(error as NodeJS.ErrnoException);
  }
  try {
    const { size, isFile } = await fh.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) return { value: null, warnings: ['result.json is not a regular file; ignored'], present: true };
    if (size > RESULT_MAX_BYTES)
      return {
        value: null,
        warnings: [
          `result.json is ${formatBytes(size)}, over the ${formatBytes(RESULT_MAX_BYTES)} limit; ignored (write large outputs as other files in /out)`,
        ],
        present: true,
      };
    let raw: unknown;
    try {
      raw = JSON.parse(await fh.readFile('utf8'));
    } catch (error) {
      return {
        value: null,
        warnings: [`result.json is not valid JSON (${(error as Error).message}); ignored`],
        present: true,
      };
    }
    return { ...validateJobResult(raw), present: true };
  } finally {
    await fh.close();
  }
}

/** The throughputs of a report as `{ name -> { value, unit } }` (bare numbers: `xPerSecond` -> `x/s`). */
export function throughputsOf(
  throughput: Record<string, unknown> | undefined,
): Map<string, { value: number; unit: string }> {
  const out = new Map<string, { value: number; unit: string }>();
  for (const [name, v] of Object.entries(throughput ?? {})) {
    if (typeof v === 'number' && Number.isFinite(v))
      out.set(name, { value: v, unit: name.endsWith('PerSecond') ? `${name.slice(0, -'PerSecond'.length)}/s` : name });
    else if (v && typeof v === 'object') {
      const { value, unit } = v as { value?: unknown; unit?: unknown };
      if (typeof value === 'number' && Number.isFinite(value))
        out.set(name, { value, unit: typeof unit === 'string' ? unit : '' });
    }
  }
  return out;
}

/** The JSON Schema of result.json (scenarios/result.schema.json), generated from the zod fields. */
export function jobResultJsonSchemaText(): string {
  const schema = z.toJSONSchema(jobResultSchema, { io: 'input' }) as Record<string, unknown>;
  const doc = {
    ...schema,
    title: 'deploybench job result (/out/result.json)',
    description: `What a job may report in /out/result.json (at most ${RESULT_MAX_BYTES / 1024 ** 2} MiB). Every field is optional; other fields are kept as they are. Generated from harness/results/job-result.ts; regenerate with \`npm run schema\`.`,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
