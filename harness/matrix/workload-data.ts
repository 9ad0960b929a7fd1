import { z } from 'zod';

/** Log formats the reference workload reads (images/workload/deploybench_workload/readers). */
export const DATA_FORMATS = ['kv', 'suricata-eve', 'fortigate', 'panos', 'csv', 'jsonl', 'sequences'] as const;
/** How train and infer data are separated. */
export const SPLIT_KINDS = ['files', 'chronological', 'random'] as const;
/** Named time formats; anything with a `%` is a strptime pattern. */
export const TIME_FORMATS = ['auto', 'iso', 'epoch-s', 'epoch-ms', 'epoch-us', 'epoch-ns', 'panos'] as const;

const file = z.string({ error: 'expected a file path (relative to the matrix file)' }).min(1, 'expected a file path');
const fieldName = z.string({ error: 'expected a field name' }).min(1, 'expected a field name');
const fieldNames = z.union([fieldName, z.array(fieldName).min(1, 'expected at least one field name')], {
  error: 'expected a field name or a list of them (the first present wins)',
});

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV6_CIDR = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\/(\d{1,3})$/;
/** An IPv4 or IPv6 network in CIDR notation, e.g. 10.0.0.0/8 or fd00::/8. */
export function isCidr(text: string): boolean {
  const v4 = IPV4_CIDR.exec(text);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32;
  const v6 = IPV6_CIDR.exec(text);
  return v6 !== null && Number(v6[1]) <= 128 && (text.match(/::/g) ?? []).length <= 1;
}

/** Which fields give what; each format has defaults (images/workload/README.md, "Formats"). */
export const dataMappingSchema = z.strictObject({
  /** Field(s) of the time; the first present wins. */
  time: fieldNames.optional(),
  /** auto (ISO 8601 or epoch s/ms/µs/ns by size), iso, epoch-s|ms|us|ns, panos, or a strptime pattern (`%d/%b/%Y:%H:%M:%S %z`). */
  timeFormat: z
    .string()
    .refine(
      (t) => (TIME_FORMATS as readonly string[]).includes(t) || t.includes('%'),
      `expected one of ${TIME_FORMATS.join(', ')}, or a strptime pattern with % (e.g. "%Y-%m-%d %H:%M:%S")`,
    )
    .optional(),
  /** Field(s) of the source and destination address. */
  src: fieldNames.optional(),
  dst: fieldNames.optional(),
  /** What groups lines into sequences: external (the address outside `internal`, default), src, dst, or a field (a session id). */
  key: fieldName.optional(),
  /** Field(s) of the action and the category. */
  action: fieldNames.optional(),
  category: fieldNames.optional(),
  /** Event type of a line: action+category (default), action, or a template such as "{action}:{alert.signature_id}". */
  event: z
    .string()
    .refine(
      (e) => e === 'action+category' || e === 'action' || /\{[^{}]+\}/.test(e),
      'expected action+category, action, or a template with {field} placeholders, e.g. "{action}:{alert.signature_id}"',
    )
    .optional(),
  /** Field with a per-line label (malicious/anomaly/1 or benign/normal/0); a key malicious on any line is malicious. */
  label: fieldName.optional(),
});

/**
 * The reference workload's own logs, in one of the formats: two files (train, infer) or one (path)
 * split by sequence start time (chronological, default) or at random (seeded); labels optional.
 */
export const workloadDataSchema = z
  .strictObject({
    format: z.enum(DATA_FORMATS, { error: `expected one of ${DATA_FORMATS.join(', ')}` }),
    /** Log of the train job (with `infer`); relative to the matrix file. */
    train: file.optional(),
    /** Log of the infer job (with `train`). */
    infer: file.optional(),
    /** One log for both jobs, split by sequence (see `split`). */
    path: file.optional(),
    /** Labels: labels.json ({key: label}, or train/infer sections), or a text file of malicious keys, or `key,label` lines. */
    labels: file.optional(),
    mapping: dataMappingSchema.optional(),
    /** Internal networks: the address outside them is the grouping key. Default: RFC 1918, loopback, link-local, 100.64/10, fc00::/7, fe80::/10. */
    internal: z
      .array(z.string().refine(isCidr, 'expected a network in CIDR notation, e.g. 10.0.0.0/8 or fd00::/8'), {
        error: 'expected a list of CIDR networks',
      })
      .min(1, 'expected at least one network (leave `internal` out for the default ranges)')
      .optional(),
    split: z
      .strictObject({
        kind: z.enum(SPLIT_KINDS, { error: `expected one of ${SPLIT_KINDS.join(', ')}` }).optional(),
        /** Share of the sequences the train job gets (one file only). */
        trainShare: z
          .number({ error: 'expected a number between 0 and 1' })
          .gt(0, 'expected a share > 0')
          .lt(1, 'expected a share < 1')
          .default(0.8),
      })
      .optional(),
  })
  .superRefine((d, ctx) => {
    const one = d.path !== undefined;
    const two = d.train !== undefined || d.infer !== undefined;
    const issue = (message: string, path: string[]): void => void ctx.addIssue({ code: 'custom', message, path });
    if (one && two) issue('give either path (one file, split by the workload) or train and infer, not both', ['path']);
    else if (!one && !two) issue('expected path (one file) or train and infer (two files)', ['path']);
    else if (two && (d.train === undefined || d.infer === undefined))
      issue('train and infer go together (or give one file as path)', [d.train === undefined ? 'train' : 'infer']);
    const kind = d.split?.kind;
    if (two && kind !== undefined && kind !== 'files')
      issue(`split.kind ${kind} needs one file (path); train and infer files are split by file`, ['split', 'kind']);
    if (one && kind === 'files')
      issue('split.kind files needs train and infer files; one file is split chronological or random', [
        'split',
        'kind',
      ]);
    if (d.format === 'sequences' && d.mapping !== undefined)
      issue('mapping does not apply to sequences (columns: [ID<TAB>]EVENTS[<TAB>LABEL])', ['mapping']);
  });

export type WorkloadData = z.infer<typeof workloadDataSchema>;

/** The split a data block gets: files for two files, else its kind (chronological by default). */
export function splitOf(d: WorkloadData): { kind: (typeof SPLIT_KINDS)[number]; trainShare: number | null } {
  if (d.path === undefined) return { kind: 'files', trainShare: null };
  return { kind: d.split?.kind ?? 'chronological', trainShare: d.split?.trainShare ?? 0.8 };
}
