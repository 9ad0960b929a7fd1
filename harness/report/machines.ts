/**
 * The report's machines section, shown when it covers several campaigns (the nodes of a fleet, or campaigns
 * of several hosts): the fleet's node states, the host fingerprints side by side, and the node factor (how
 * much of each metric's variation comes from the machine, against stack, deployment and noise). Pure.
 */
import { formatBytes, formatP, formatShare } from '../render/units.ts';
import type { Table, TableCell } from '../render/table.ts';
import { nodeFactor, type NodeFactor } from '../stats/node-factor.ts';
import { cellOf, isHeadline, type Analysis } from './analysis.ts';
import { phrase } from './format.ts';
import { jobWord, type Grouping, type Source } from './groups.ts';
import type { FleetView } from './types.ts';

/** What the section shows; null with a single campaign. */
export interface MachinesSection {
  /** How to read the node factor, in one sentence. */
  reading: string;
  /** One sentence per job: the node factor of its execution time. */
  findings: string[];
  tables: Table[];
}

/** How to read the node factor table (also in README "Run on a Slurm cluster"). */
export const NODE_FACTOR_READING =
  'Node factor: of all the variation of log(metric) over every run of every node, the share that comes from which machine ran it, next to the shares of the stack, the deployment, their interactions (an effect that differs between machines) and run-to-run noise; a machine share near 0% means the nodes are interchangeable for that metric, a large one means a result measured on one node does not carry over to another.';

const num = (text: string, title?: string): TableCell => ({ text, cls: 'num', ...(title ? { title } : {}) });
const machineOf = (s: Source): string => s.label || s.id;

interface FactorRow {
  job: string;
  metric: string;
  factor: NodeFactor;
}

// The node factor of every headline metric of every job, over the runs of every source.
function factorRows(g: Grouping, a: Analysis): FactorRow[] {
  const rows: FactorRow[] = [];
  for (const job of g.jobs) {
    const groups = g.groups.filter((x) => x.job === job);
    for (const metric of (a.metricsByJob.get(job) ?? []).filter((m) => isHeadline(m.id))) {
      const obs = groups.flatMap((x) =>
        cellOf(a, x, metric.id).values.map((value) => ({
          node: machineOf(x.source),
          stack: x.stack,
          deployment: x.deployment,
          value,
        })),
      );
      const factor = nodeFactor(obs);
      if (factor) rows.push({ job, metric: metric.label, factor });
    }
  }
  return rows;
}

function factorTable(rows: readonly FactorRow[]): Table {
  return {
    caption: 'Node factor: share of the variance of log(metric) over every node',
    head: ['job', 'metric', 'machine', 'stack', 'deployment', 'interactions', 'run-to-run noise', 'nodes', 'n'],
    rows: rows.map(({ job, metric, factor: f }) => [
      { text: jobWord(job) },
      { text: metric },
      num(formatShare(f.node.share), f.nodePValue === null ? undefined : `F-test p ${formatP(f.nodePValue)}`),
      num(formatShare(f.stack.share)),
      num(formatShare(f.deployment.share)),
      num(formatShare(f.interactions.share)),
      num(formatShare(f.residual.share)),
      num(String(f.nodes)),
      num(`${f.n}${f.balanced ? '' : ' (unbalanced)'}`),
    ]),
    notes: [
      NODE_FACTOR_READING,
      'Three-way ANOVA-style sums of squares on log(value) with machine, stack and deployment as factors; hover a machine share for its F-test p-value against the noise. Unbalanced (a node or scenario missing runs): approximate shares.',
    ],
  };
}

/** The host fingerprints side by side: one row per field, one column per machine. */
export function machinesTable(g: Grouping): Table {
  const col = (f: (s: Source) => string | number | null): TableCell[] =>
    g.sources.map((s) => ({ text: String(f(s) ?? '–') }));
  const fields: [string, (s: Source) => string | number | null][] = [
    ['campaign', (s) => s.id],
    ['host name', (s) => s.host.hostname],
    ['CPU', (s) => s.host.cpuModel],
    ['logical CPUs', (s) => s.host.cpuCores],
    ['RAM', (s) => (s.host.memoryBytes === null ? null : formatBytes(s.host.memoryBytes))],
    ['GPUs', (s) => (s.host.gpus.length > 0 ? s.host.gpus.join(', ') : 'none')],
    ['GPU driver', (s) => s.host.gpuDriver],
    ['OS', (s) => s.host.os],
    ['kernel', (s) => s.host.kernel],
    ['Docker', (s) => s.host.docker],
    ['cgroup version', (s) => s.host.cgroupVersion],
    ['campaign state', (s) => s.campaign.state],
  ];
  return {
    caption: 'Machines side by side: host fingerprints',
    head: ['field', ...g.sources.map(machineOf)],
    rows: fields.map(([k, f]) => [{ text: k }, ...col(f)]),
    notes: ['Every field of each fingerprint is in section 6.'],
  };
}

/** The nodes of each fleet: state, Slurm's job state and reason, job ids, start and end. */
export function fleetNodesTable(fleets: readonly FleetView[]): Table {
  return {
    caption: `Fleet nodes: ${fleets.map((f) => `${f.id} (${f.state}, baseline ${f.baseline})`).join(', ')}`,
    head: ['node', 'state', 'Slurm state', 'Slurm reason', 'job', 'earlier jobs', 'started', 'ended', 'detail'],
    rows: fleets.flatMap((f) =>
      f.nodes.map((n) => [
        { text: n.name },
        { text: n.state, ...(n.state === 'done' ? {} : { cls: 'worse' as const }) },
        { text: n.slurmState ?? '–' },
        { text: n.slurmReason ?? '–' },
        { text: n.jobId ?? '–' },
        { text: n.previousJobIds.join(', ') || '–' },
        { text: n.startedAt ?? '–' },
        { text: n.endedAt ?? '–' },
        { text: n.detail },
      ]),
    ),
    notes: [
      'A node that is not done (failed, cancelled, drained, timeout) keeps what it measured; `deploybench run --slurm --resume DIR` resubmits it.',
    ],
  };
}

function findingOf(r: FactorRow): string {
  const f = r.factor;
  return `${jobWord(r.job)} ${phrase(r.metric)}: the machine accounts for ${formatShare(f.node.share)} of the variation over ${f.nodes} nodes (stack ${formatShare(f.stack.share)}, deployment ${formatShare(f.deployment.share)}, interactions ${formatShare(f.interactions.share)}, run-to-run noise ${formatShare(f.residual.share)})${f.nodePValue === null ? '' : `, F-test p ${formatP(f.nodePValue)}`}`;
}

/** The machines section of a report over several campaigns, or of a fleet; null for a single campaign. */
export function machinesSection(g: Grouping, a: Analysis, fleets: readonly FleetView[] = []): MachinesSection | null {
  if (g.sources.length < 2 && fleets.length === 0) return null;
  const rows = factorRows(g, a);
  return {
    reading: NODE_FACTOR_READING,
    findings: rows.filter((r) => r.metric === 'Execution time').map(findingOf),
    tables: [
      ...(fleets.length > 0 ? [fleetNodesTable(fleets)] : []),
      ...(g.sources.length > 1 ? [machinesTable(g), factorTable(rows)] : []),
    ],
  };
}
