// The report's machines section over two SYNTHETIC node campaigns (test/helpers/synthetic-campaign.ts):
// node2 is the same campaign with every execution time doubled, so the node factor of execution time is
// known in closed form from node1's own decomposition, and every other metric has no machine share at all.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../harness/report/markdown.ts';
import { buildReportModel } from '../../../harness/report/model.ts';
import type { CampaignInput, FleetView } from '../../../harness/report/types.ts';
import { decompose } from '../../../harness/stats/decompose.ts';
import { syntheticInput } from '../../helpers/synthetic-campaign.ts';

const node1 = syntheticInput({ id: 'node1', reps: 5, samplesPerRun: 20, host: { hostname: 'node1' } });
const twice = syntheticInput({ id: 'node2', reps: 5, samplesPerRun: 20, host: { hostname: 'node2' } });
const node2: CampaignInput = {
  ...twice,
  runs: twice.runs.map((r) => ({ ...r, record: { ...r.record, wallSeconds: r.record.wallSeconds * 2 } })),
};

const node = (name: string, state: string, extra: Partial<FleetView['nodes'][number]> = {}) => ({
  name,
  state,
  detail:
    state === 'done' ? 'run 40/40' : 'node drained (test) while the job waited (nothing recorded); job 9 cancelled',
  slurmState: state === 'done' ? 'COMPLETED' : 'PENDING',
  slurmReason: null,
  jobId: '9',
  previousJobIds: [],
  startedAt: null,
  endedAt: null,
  ...extra,
});
const fleet: FleetView = {
  id: 'paper-cpu-fleet',
  state: 'failed',
  baseline: 'node1',
  nodes: [node('node1', 'done'), node('node2', 'drained', { slurmReason: 'test' })],
};

describe('machines section', () => {
  const m = buildReportModel([node1, node2], { fleets: [fleet] });
  const factor = m.machines!.tables.find((t) => t.caption.startsWith('Node factor'))!;
  const row = (job: string, metric: string) =>
    factor.rows.find((r) => r[0]!.text === job && r[1]!.text === metric)!.map((c) => c.text);

  it("gives execution time the machine share that node1's own variation and the doubling imply", () => {
    // Balanced, and doubling is a pure shift of log(value) by ln 2 on half the 40 runs of a job: the node
    // sum of squares is 40 (ln 2 / 2)^2, orthogonal to the rest, which is node1's total twice over.
    const obs = node1.runs
      .filter((r) => r.record.job.name === 'train' && r.record.status === 'ok' && !r.record.warmup)
      .map((r) => ({ stack: r.record.stack ?? '', deployment: r.record.deployment, value: r.record.wallSeconds }));
    const d = decompose(obs)!;
    const own = d.stack.ss + d.deployment.ss + d.interaction.ss + d.residual.ss;
    const nodeSS = 40 * (Math.LN2 / 2) ** 2;
    const share = nodeSS / (nodeSS + 2 * own);
    expect(row('training', 'Execution time')).toEqual([
      'training',
      'Execution time',
      `${Math.round(share * 100)}%`,
      `${Math.round(((2 * d.stack.ss) / (nodeSS + 2 * own)) * 100)}%`,
      `${Math.round(((2 * d.deployment.ss) / (nodeSS + 2 * own)) * 100)}%`,
      `${Math.round(((2 * d.interaction.ss) / (nodeSS + 2 * own)) * 100)}%`,
      `${Math.round(((2 * d.residual.ss) / (nodeSS + 2 * own)) * 100)}%`,
      '2',
      '40',
    ]);
    expect(m.findings.at(-1)!.title).toBe('Machines (node factor)');
    expect(m.findings.at(-1)!.items[0]).toMatch(
      new RegExp(
        `^training execution time: the machine accounts for ${Math.round(share * 100)}% of the variation over 2 nodes \\(stack `,
      ),
    );
    // CPU average was not touched: identical on both nodes, no machine share.
    expect(row('training', 'CPU average')[2]).toBe('0%');
  });

  it('lists the fleet nodes with their Slurm reason, and the fingerprints side by side', () => {
    const nodes = m.machines!.tables[0]!;
    expect(nodes.caption).toBe('Fleet nodes: paper-cpu-fleet (failed, baseline node1)');
    expect(nodes.rows.map((r) => r.slice(0, 4).map((c) => c.text))).toEqual([
      ['node1', 'done', 'COMPLETED', '–'],
      ['node2', 'drained', 'PENDING', 'test'],
    ]);
    const hosts = m.machines!.tables[1]!;
    expect(hosts.head).toEqual(['field', 'node1', 'node2']);
    expect(hosts.rows.find((r) => r[0]!.text === 'host name')!.map((c) => c.text)).toEqual([
      'host name',
      'node1',
      'node2',
    ]);
    expect(m.title).toBe('deploybench report: fleet paper-cpu-fleet: node1 vs node2');
    const md = renderMarkdown(m);
    expect(md).toContain('## Machines side by side');
    expect(md).toContain('| training | Execution time |');
  });

  it('is absent from a report of one campaign, and holds only the node table for a one-node fleet', () => {
    expect(buildReportModel([node1]).machines).toBeNull();
    const one = buildReportModel([node1], { fleets: [{ ...fleet, nodes: [fleet.nodes[0]!] }] }).machines!;
    expect(one.tables.map((t) => t.caption)).toEqual(['Fleet nodes: paper-cpu-fleet (failed, baseline node1)']);
    expect(one.findings).toEqual([]);
  });
});
