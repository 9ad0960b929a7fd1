// Two-way decomposition on a constructed balanced 2x2 design with 2 repetitions per cell (worked by hand).
import { describe, expect, it } from 'vitest';
import { decompose, readDecomposition, type Observation } from '../../../harness/stats/decompose.ts';

// log(values): cells s1/d1 [0.9, 1.1], s1/d2 [1.1, 1.3], s2/d1 [2.9, 3.1], s2/d2 [3.3, 3.5].
// Grand mean 2.15; SS stack 8.82, deployment 0.18, interaction 0.02, residual 0.08, total 9.10.
const cells: [string, string, number[]][] = [
  ['s1', 'd1', [0.9, 1.1]],
  ['s1', 'd2', [1.1, 1.3]],
  ['s2', 'd1', [2.9, 3.1]],
  ['s2', 'd2', [3.3, 3.5]],
];
const obs: Observation[] = cells.flatMap(([stack, deployment, ys]) =>
  ys.map((y) => ({ stack, deployment, value: Math.exp(y) })),
);

describe('decompose', () => {
  it('splits the sums of squares as worked by hand', () => {
    const d = decompose(obs)!;
    expect(d.n).toBe(8);
    expect(d.balanced).toBe(true);
    expect(d.stack.ss).toBeCloseTo(8.82, 10);
    expect(d.deployment.ss).toBeCloseTo(0.18, 10);
    expect(d.interaction.ss).toBeCloseTo(0.02, 10);
    expect(d.residual.ss).toBeCloseTo(0.08, 10);
    expect(d.stack.share).toBeCloseTo(8.82 / 9.1, 10);
    expect(d.deployment.share).toBeCloseTo(0.18 / 9.1, 10);
    expect([d.stack.df, d.deployment.df, d.interaction.df, d.residual.df]).toEqual([1, 1, 1, 4]);
    // F = 8.82 / (0.08 / 4) = 441 on (1, 4) degrees of freedom.
    expect(d.stack.pValue).toBeCloseTo(3.039045e-5, 9);
    expect(d.dominant).toBe('stack');
    expect(readDecomposition(d, 'training time')).toBe('stack dominates training time: 97% vs 2% for deployment');
  });

  it('is scale-free (logs): multiplying every value leaves the shares unchanged', () => {
    const scaled = decompose(obs.map((o) => ({ ...o, value: o.value * 1000 })))!;
    expect(scaled.stack.share).toBeCloseTo(8.82 / 9.1, 10);
  });

  it('returns null without variation or data, and flags unbalanced designs', () => {
    expect(decompose([])).toBeNull();
    expect(decompose(obs.map((o) => ({ ...o, value: 1 })))).toBeNull();
    expect(decompose(obs.slice(1))!.balanced).toBe(false);
  });

  it('reads a noise-dominated decomposition', () => {
    const noisy: Observation[] = [1, 3, 1, 3].flatMap((v, i) => [
      { stack: `s${i % 2}`, deployment: `d${Math.floor(i / 2)}`, value: v },
      { stack: `s${i % 2}`, deployment: `d${Math.floor(i / 2)}`, value: 4 - v },
    ]);
    const d = decompose(noisy)!;
    expect(d.dominant).toBe('residual');
    expect(readDecomposition(d, 'RAM')).toMatch(/^run-to-run noise dominates RAM: 100%/);
  });
});
