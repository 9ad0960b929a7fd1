// The node factor on constructed designs worked by hand: log-values chosen so every mean is a whole number.
import { describe, expect, it } from 'vitest';
import { nodeFactor, type NodeObservation } from '../../../harness/stats/node-factor.ts';

// log(values), one stack, 2 repetitions per cell:
//   node1 bare-metal [0, 2], node1 container [2, 4], node2 bare-metal [4, 6], node2 container [6, 8].
// Grand mean 4; total SS 16+4+4+0+0+4+4+16 = 48. Node means 2 and 6: SS 4*4 + 4*4 = 32.
// Deployment means 3 and 5: SS 4*1 + 4*1 = 8. Cell means 1, 3, 5, 7: SS 2*(9+1+1+9) = 40, so
// interactions 40 - 32 - 8 = 0 and residual 48 - 40 = 8 on 8 - 4 = 4 degrees of freedom.
const cells: [string, string, string, number[]][] = [
  ['node1', 's', 'bare-metal', [0, 2]],
  ['node1', 's', 'container', [2, 4]],
  ['node2', 's', 'bare-metal', [4, 6]],
  ['node2', 's', 'container', [6, 8]],
];
const obs = (c: typeof cells): NodeObservation[] =>
  c.flatMap(([node, stack, deployment, ys]) => ys.map((y) => ({ node, stack, deployment, value: Math.exp(y) })));

describe('nodeFactor', () => {
  it('splits the sums of squares of log(value) as worked by hand', () => {
    const f = nodeFactor(obs(cells))!;
    expect([f.n, f.nodes, f.balanced]).toEqual([8, 2, true]);
    expect(f.node.ss).toBeCloseTo(32, 10);
    expect(f.deployment.ss).toBeCloseTo(8, 10);
    expect(f.stack.ss).toBe(0);
    expect(f.interactions.ss).toBeCloseTo(0, 10);
    expect(f.residual.ss).toBeCloseTo(8, 10);
    expect(f.node.share).toBeCloseTo(2 / 3, 10);
    expect(f.deployment.share).toBeCloseTo(1 / 6, 10);
    expect(f.residual.share).toBeCloseTo(1 / 6, 10);
    expect([f.node.df, f.stack.df, f.deployment.df, f.interactions.df, f.residual.df]).toEqual([1, 0, 1, 1, 4]);
    // F = (32 / 1) / (8 / 4) = 16 on (1, 4) degrees of freedom: p = 0.0161301 (scipy.stats.f.sf(16, 1, 4)).
    expect(f.nodePValue).toBeCloseTo(0.0161300899, 8);
  });

  it('finds an interaction when the deployment effect differs between nodes', () => {
    // node2's container is 2 slower (log) instead of the same: cell means 1, 1, 5, 7 (grand mean 3.5).
    const f = nodeFactor(
      obs([
        ['node1', 's', 'bare-metal', [0, 2]],
        ['node1', 's', 'container', [0, 2]],
        ['node2', 's', 'bare-metal', [4, 6]],
        ['node2', 's', 'container', [6, 8]],
      ]),
    )!;
    // Node means 1 and 6: SS 4*2.5^2*2 = 50. Deployment means 3 and 4: SS 4*0.25*2 = 2. Cells:
    // 2*(2.5^2 + 2.5^2 + 1.5^2 + 3.5^2) = 54, so interactions 54 - 50 - 2 = 2; residual 4 * 2 = 8; total 62.
    expect(f.node.ss).toBeCloseTo(50, 10);
    expect(f.deployment.ss).toBeCloseTo(2, 10);
    expect(f.interactions.ss).toBeCloseTo(2, 10);
    expect(f.residual.ss).toBeCloseTo(8, 10);
    expect(f.node.share).toBeCloseTo(50 / 62, 10);
  });

  it('is scale-free: multiplying every value leaves the shares unchanged', () => {
    const scaled = nodeFactor(obs(cells).map((o) => ({ ...o, value: o.value * 1e6 })))!;
    expect(scaled.node.share).toBeCloseTo(2 / 3, 10);
  });

  it('returns null with one node, no data or no variation; flags a missing cell as unbalanced', () => {
    expect(nodeFactor(obs(cells).filter((o) => o.node === 'node1'))).toBeNull();
    expect(nodeFactor([])).toBeNull();
    expect(nodeFactor(obs(cells).map((o) => ({ ...o, value: 2 })))).toBeNull();
    expect(nodeFactor(obs(cells).filter((o) => o.value !== Math.exp(8)))!.balanced).toBe(false);
    // Non-positive values are left out (logs), not counted as 0.
    expect(nodeFactor([...obs(cells), { node: 'node2', stack: 's', deployment: 'container', value: 0 }])!.n).toBe(8);
  });
});
