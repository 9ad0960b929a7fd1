// The report's decisions on SYNTHETIC campaigns: per stack a wall-time line with ratio, CI and decision,
// the margin taken from the matrix or the options, the undecided list, and runs flagged noisy said so.
import { describe, expect, it } from 'vitest';
import { campaignMargin } from '../../../harness/report/decisions.ts';
import { buildReportModel } from '../../../harness/report/model.ts';
import { syntheticInput } from '../../helpers/synthetic-campaign.ts';

const base = { reps: 8, samplesPerRun: 20 };
const wallLines = (items: string[]): string[] => items.filter((l) => /^Deployment, .*execution time: ratio/.test(l));

describe('report decisions', () => {
  it('n=3: every container vs bare-metal wall time is undecided for too few repetitions, and listed', () => {
    const m = buildReportModel([syntheticInput({ ...base, reps: 3 })]);
    const lines = wallLines(m.findings[0]!.items);
    expect(lines).toHaveLength(2);
    for (const l of lines)
      expect(l).toMatch(/undecided: too few repetitions \(n=3\/3; at least 4 per side needed\)\.$/);
    const d = m.findings.find((f) => f.title === 'Decisions')!;
    expect(d.items[0]).toBe('4 of 4 deployment comparisons of wall time stayed undecided:');
    expect(d.items[1]).toMatch(/^training, torch-1\.13-debian12: container vs bare-metal: too few repetitions/);
  });

  it('n=8: each wall-time comparison is decided, and the table cell says the same words', () => {
    const m = buildReportModel([syntheticInput(base)], { margin: 0.5 });
    const lines = wallLines(m.findings[0]!.items);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/, equivalent within ±50% \([+-]\d+\.\d%(, significant)?\)\.$/);
    expect(m.findings.find((f) => f.title === 'Decisions')!.items).toEqual([
      'All 4 deployment comparisons of wall time are decided (different or equivalent).',
    ]);
    const row = m.tables.deployment.rows.find((r) => r[2]!.text === 'Execution time')!;
    expect(row[7]!.text).toMatch(/^equivalent within ±50%/);
  });

  it('a margin of 0 cannot be met: undecided, with a CI that straddles it or is too noisy', () => {
    const m = buildReportModel([syntheticInput(base)], { margin: 0 });
    for (const l of wallLines(m.findings[0]!.items))
      expect(l).toMatch(/(different: [+-]\d|undecided: (too noisy|CI \[.*\] straddles the ±0% margin))/);
  });

  it('reads the margin from the matrix decision.marginPercent', () => {
    const input = syntheticInput(base);
    expect(campaignMargin([input])).toBe(0.05);
    input.campaign.matrix = { ...input.campaign.matrix, decision: { marginPercent: 12 } };
    expect(campaignMargin([input])).toBe(0.12);
    const m = buildReportModel([input]);
    expect(m.analysis.comparisons[0]!.comparison.decision.margin).toBe(0.12);
  });

  it('says when a decision rests on runs flagged noisy', () => {
    const input = syntheticInput(base);
    for (const r of input.runs.slice(0, 3))
      Object.assign(r.record, {
        noise: { otherCpuPercent: 40, stealPercent: 0, windowSeconds: 10, thresholdPercent: 10, noisy: true },
      });
    const m = buildReportModel([input], { margin: 0.5 });
    expect(m.findings[0]!.items.join('\n')).toMatch(/\[on [1-3] run\(s\) flagged noisy: the machine was shared\]/);
  });
});

describe('radar notes', () => {
  it("a stack's radar caption names the decision of each deployment comparison", () => {
    const m = buildReportModel([syntheticInput(base)], { margin: 0.5 });
    const radar = m.charts.radars.find((c) => c.title === 'Footprint of torch-2.6-debian13: deployments compared')!;
    expect(radar.caption).toMatch(
      /Decisions vs bare-metal: training execution time container: equivalent within ±50% \([+-]\d+\.\d%/,
    );
  });
});
