/**
 * The node factor of a fleet: how much of the variation of a metric over every run of every node comes from
 * the machine, against the stack, the deployment, their interactions and run-to-run noise. A three-way
 * ANOVA-style decomposition of the sums of squares of log(metric), like decompose() with the node as a third
 * factor, so shares are about relative (multiplicative) effects and a metric's unit does not matter.
 */
import { betweenSS } from './decompose.ts';
import { fSurvival } from './distributions.ts';

/** One run's value with its three factors. */
export interface NodeObservation {
  /** The machine that ran it (Slurm node name, or host name). */
  node: string;
  stack: string;
  deployment: string;
  /** Metric value; must be > 0 to count (logs are taken). */
  value: number;
}

/** One source of variation. */
export interface FactorShare {
  /** Sum of squares of log(value). */
  ss: number;
  /** Share of the total sum of squares, 0..1. */
  share: number;
  /** Degrees of freedom. */
  df: number;
}

/** Result of nodeFactor(). */
export interface NodeFactor {
  /** Observations used (positive, finite values). */
  n: number;
  /** Nodes with at least one observation. */
  nodes: number;
  /** Every node x stack x deployment cell present with the same number of observations (shares exact then). */
  balanced: boolean;
  node: FactorShare;
  stack: FactorShare;
  deployment: FactorShare;
  /** Everything the three main effects leave of the cell means (node x stack, node x deployment, ...). */
  interactions: FactorShare;
  /** Within one node, stack and deployment: run-to-run noise. */
  residual: FactorShare;
  /** F-test p-value of the node effect against the residual; null without residual degrees of freedom. */
  nodePValue: number | null;
}

/**
 * Decomposes log(value) into node, stack, deployment, interactions and residual. Null with fewer than 2
 * nodes or 2 observations, or no variation at all. Main effects are marginal between-group sums of squares
 * (exact and orthogonal in a balanced design); in an unbalanced one the interactions are clamped at 0 and
 * `balanced` says the shares are approximate.
 */
export function nodeFactor(observations: readonly NodeObservation[]): NodeFactor | null {
  const obs = observations.filter((o) => Number.isFinite(o.value) && o.value > 0);
  const n = obs.length;
  if (n < 2) return null;
  const y = obs.map((o) => Math.log(o.value));
  const grand = y.reduce((s, v) => s + v, 0) / n;
  const total = y.reduce((s, v) => s + (v - grand) ** 2, 0);
  const by = (key: (o: NodeObservation) => string) => obs.map((o, i) => ({ key: key(o), y: y[i] as number }));
  const node = betweenSS(
    by((o) => o.node),
    grand,
  );
  if (node.groups < 2 || !(total > 0)) return null;
  const stack = betweenSS(
    by((o) => o.stack),
    grand,
  );
  const dep = betweenSS(
    by((o) => o.deployment),
    grand,
  );
  const cellKey = (o: NodeObservation): string => JSON.stringify([o.node, o.stack, o.deployment]);
  const cells = betweenSS(by(cellKey), grand);
  const counts = new Map<string, number>();
  for (const o of obs) counts.set(cellKey(o), (counts.get(cellKey(o)) ?? 0) + 1);
  const sizes = [...counts.values()];
  const balanced = cells.groups === node.groups * stack.groups * dep.groups && sizes.every((c) => c === sizes[0]);
  const residualSS = Math.max(0, total - cells.ss);
  const dfRes = n - cells.groups;
  const share = (ss: number, df: number): FactorShare => ({ ss, share: ss / total, df });
  const dfNode = node.groups - 1;
  return {
    n,
    nodes: node.groups,
    balanced,
    node: share(node.ss, dfNode),
    stack: share(stack.ss, stack.groups - 1),
    deployment: share(dep.ss, dep.groups - 1),
    interactions: share(
      Math.max(0, cells.ss - node.ss - stack.ss - dep.ss),
      Math.max(0, cells.groups - node.groups - stack.groups - dep.groups + 2),
    ),
    residual: share(residualSS, dfRes),
    nodePValue: dfRes > 0 && residualSS > 0 ? fSurvival(node.ss / dfNode / (residualSS / dfRes), dfNode, dfRes) : null,
  };
}
