/**
 * The environment tables: each campaign's host fingerprint and harness, and the framework fingerprint
 * each stack's jobs reported per deployment (cells that differ within a stack are marked). Pure.
 */
import type { Grouping } from './groups.ts';
import { canonical } from './checks.ts';
import { formatBytes } from '../render/units.ts';
import type { Table, TableCell } from '../render/table.ts';

const MAX_ROWS = 80;

/** Flattens nested objects to dotted keys; arrays of scalars are joined, arrays of objects indexed. */
function flattenObject(value: unknown, prefix = '', out: [string, string][] = [], depth = 0): [string, string][] {
  if (value === null || typeof value !== 'object' || depth > 4) {
    out.push([
      prefix || '(value)',
      value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value),
    ]);
    return out;
  }
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    out.push([prefix, value.map(String).join(', ')]);
    return out;
  }
  for (const [k, v] of Object.entries(value)) flattenObject(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  return out;
}

/** One table per campaign: id, matrix file, dates, harness, then the host fingerprint as key/value rows. */
export function hostTables(g: Grouping): Table[] {
  return g.sources.map((s) => {
    const c = s.campaign;
    const fixed: [string, string][] = [
      ['campaign', c.id],
      ['matrix file', c.matrixFile],
      ['started / ended', `${c.startedAt} / ${c.endedAt ?? '(not ended)'}`],
      ['state', c.state],
      [
        'harness',
        `deploybench ${c.harness.version}${c.harness.commit ? ` (${c.harness.commit.slice(0, 12)})` : ''}, node ${c.harness.node}`,
      ],
      ...Object.entries(c.images).map(([stack, id]): [string, string] => [`image of ${stack}`, id]),
    ];
    const host = flattenObject(c.host).map(([k, v]): [string, string] => [
      `host.${k}`,
      /bytes$/i.test(k) && /^\d+$/.test(v) ? `${formatBytes(Number(v))} (${v} bytes)` : v,
    ]);
    const all = [...fixed, ...host];
    return {
      caption: `Campaign ${s.label || c.id}: host fingerprint`,
      head: ['field', 'value'],
      rows: all
        .slice(0, MAX_ROWS)
        .map(([k, v]) => [{ text: k }, { text: v.length > 300 ? `${v.slice(0, 300)}...` : v }]),
      notes: all.length > MAX_ROWS ? [`${all.length - MAX_ROWS} more fields not shown; see campaign.json.`] : [],
    };
  });
}

/** Framework fingerprints: one row per stack and deployment (and job, when jobs disagree), one column per reported field. */
export function frameworkTable(g: Grouping): Table {
  const entries = new Map<string, { stack: string; deployment: string; jobs: string[]; fw: Record<string, unknown> }>();
  for (const x of g.groups) {
    for (const r of x.ok) {
      if (!r.job.framework) continue;
      const k = canonical([x.stackLabel, x.deployment, r.job.framework]);
      const e = entries.get(k) ?? { stack: x.stackLabel, deployment: x.deployment, jobs: [], fw: r.job.framework };
      if (!e.jobs.includes(x.job)) e.jobs.push(x.job);
      entries.set(k, e);
    }
  }
  const list = [...entries.values()];
  const keys = [...new Set(list.flatMap((e) => Object.keys(e.fw)))].sort();
  const show = (v: unknown): string => (v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));
  const rows = list.map((e) => {
    const sameStack = list.filter((o) => o.stack === e.stack);
    const cells: TableCell[] = keys.map((k) => {
      const differs = sameStack.some((o) => canonical(o.fw[k]) !== canonical(e.fw[k]));
      return differs
        ? { text: show(e.fw[k]), cls: 'worse', title: 'differs within this stack' }
        : { text: show(e.fw[k]) };
    });
    return [{ text: e.stack }, { text: e.deployment }, { text: e.jobs.join(', ') }, ...cells];
  });
  return {
    caption: 'Framework fingerprints reported by the jobs',
    head: ['stack', 'deployment', 'jobs', ...keys],
    rows,
    notes:
      list.length === 0
        ? ['No job reported a framework fingerprint.']
        : [
            'The deployments of a stack run the same bytes and must report the same fingerprint; differing cells are marked.',
          ],
  };
}
