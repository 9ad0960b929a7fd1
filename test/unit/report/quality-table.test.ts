// The reference workload's quality table from SYNTHETIC campaigns (test/helpers/synthetic-campaign.ts):
// g and h first, the session counts, then the ratios, and a note that defines them.
import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../../harness/report/model.ts';
import { syntheticInput } from '../../helpers/synthetic-campaign.ts';

const SCENARIOS = ['torch-1.13-debian12', 'torch-2.6-debian13'].flatMap((s) =>
  ['bare-metal', 'container'].map((d) => `${s}@${d}`),
);
// What an infer job of the reference workload reports (the counts and settings are the point here).
const detection = { topk: 9, window: 10, tp: 28, fp: 0, tn: 21, fn: 27, specificity: 1, accuracy: 0.74 };

describe('reference workload quality table', () => {
  const model = buildReportModel([
    syntheticInput({
      reps: 3,
      samplesPerRun: 20,
      metricsOverrides: Object.fromEntries(SCENARIOS.map((s) => [s, detection])),
    }),
  ]);
  const table = model.tables.jobMetrics.find((t) => t.caption.startsWith('infer:'))!;

  it('shows g, h, tp, fp, tn, fn before the ratios, in the study order', () => {
    expect(table.head).toEqual([
      'scenario',
      'n',
      'g (top-g)',
      'h (window)',
      'tp',
      'fp',
      'tn',
      'fn',
      'precision',
      'recall',
      'specificity',
      'f1',
      'edr',
      'accuracy',
    ]);
  });

  it('gives every scenario its own median values', () => {
    const row = table.rows.find((r) => r[0]?.text === 'torch-2.6-debian13@container')!;
    expect(row.slice(1, 8).map((c) => c.text)).toEqual(['3', '9', '10', '28', '0', '21', '27']);
    expect(row[2]?.title).toBe('the same in all 3 runs');
    expect(table.rows).toHaveLength(4);
  });

  it('judges only the ratios (edr: lower is better) and defines the counts in a note', () => {
    const [judged, defined] = table.notes ?? [];
    expect(judged).toContain('edr: lower is better');
    expect(judged).toContain('precision: higher is better');
    expect(judged).not.toMatch(/\b(tp|fp|tn|fn|topk|window): /);
    expect(defined).toContain(
      'tp, fp, tn, fn = flagged malicious, flagged benign, unflagged benign, unflagged malicious',
    );
    expect(defined).toContain('outside the top g');
  });
});
