/**
 * Answers the paper's question "how much of the variation comes from the stack and how much from the
 * deployment" with a two-way ANOVA-style decomposition of the sums of squares of log(metric): stack,
 * deployment, their interaction and the residual (run-to-run noise). Logs make the shares about relative
 * (multiplicative) effects, so a metric's unit does not matter.
 */
import { fSurvival } from './distributions.ts';

/** One observation: a run's value with its two factors. */
export interface Observation {
  stack: string;
  deployment: string;
  /** Metric value; must be > 0 to count (logs are taken). */
  value: number;
}

/** One source of variation. */
export interface Share {
  /** Sum of squares of log(value). */
  ss: number;
  /** Share of the total sum of squares, 0..1. */
  share: number;
  /** Degrees of freedom. */
  df: number;
  /** F-test p-value against the residual; null without residual degrees of freedom or for the residual itself. */
  pValue: number | null;
}

/** Result of decompose(). */
export interface Decomposition {
  /** Observations used (positive, finite values). */
  n: number;
  /** Whether every stack x deployment cell has the same number of observations (shares are exact then). */
  balanced: boolean;
  stack: Share;
  deployment: Share;
  interaction: Share;
  residual: Share;
  /** Which source has the largest share. */
  dominant: 'stack' | 'deployment' | 'interaction' | 'residual';
}

const sum = (xs: Iterable<number>): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};

function groupMeans(obs: readonly { key: string; y: number }[]): Map<string, { n: number; mean: number }> {
  const acc = new Map<string, { n: number; s: number }>();
  for (const o of obs) {
    const a = acc.get(o.key) ?? { n: 0, s: 0 };
    a.n++;
    a.s += o.y;
    acc.set(o.key, a);
  }
  return new Map([...acc].map(([k, a]) => [k, { n: a.n, mean: a.s / a.n }]));
}

/** Between-group sum of squares of `y` around the grand mean, and how many groups there are. */
export function betweenSS(obs: readonly { key: string; y: number }[], grand: number): { ss: number; groups: number } {
  const g = groupMeans(obs);
  return { ss: sum([...g.values()].map((x) => x.n * (x.mean - grand) ** 2)), groups: g.size };
}

/**
 * Decomposes the variation of log(value) into stack, deployment, interaction and residual. Returns null
 * with fewer than 2 observations or no variation at all. For unbalanced designs the main effects are
 * taken marginally and the interaction is clamped at 0 (approximate; `balanced` says so).
 */
export function decompose(observations: readonly Observation[]): Decomposition | null {
  const obs = observations.filter((o) => Number.isFinite(o.value) && o.value > 0);
  const n = obs.length;
  if (n < 2) return null;
  const y = obs.map((o) => Math.log(o.value));
  const grand = sum(y) / n;
  const total = sum(y.map((v) => (v - grand) ** 2));
  if (!(total > 0)) return null;
  const by = (key: (o: Observation) => string) => obs.map((o, i) => ({ key: key(o), y: y[i] as number }));
  const s = betweenSS(
    by((o) => o.stack),
    grand,
  );
  const d = betweenSS(
    by((o) => o.deployment),
    grand,
  );
  const cells = betweenSS(
    by((o) => JSON.stringify([o.stack, o.deployment])),
    grand,
  );
  const counts = [...groupMeans(by((o) => JSON.stringify([o.stack, o.deployment]))).values()].map((c) => c.n);
  const balanced = cells.groups === s.groups * d.groups && counts.every((c) => c === counts[0]);
  const interactionSS = Math.max(0, cells.ss - s.ss - d.ss);
  const residualSS = Math.max(0, total - cells.ss);
  const dfRes = n - cells.groups;
  const share = (ss: number, df: number, test: boolean): Share => ({
    ss,
    share: ss / total,
    df,
    pValue: test && df > 0 && dfRes > 0 && residualSS > 0 ? fSurvival(ss / df / (residualSS / dfRes), df, dfRes) : null,
  });
  const dfInter = cells.groups - s.groups - d.groups + 1;
  const result = {
    n,
    balanced,
    stack: share(s.ss, s.groups - 1, true),
    deployment: share(d.ss, d.groups - 1, true),
    interaction: share(interactionSS, Math.max(0, dfInter), balanced),
    residual: share(residualSS, dfRes, false),
  };
  const order = ['stack', 'deployment', 'interaction', 'residual'] as const;
  const dominant = order.reduce((best, k) => (result[k].ss > result[best].ss ? k : best), order[0]);
  return { ...result, dominant };
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * One line in words, e.g. "stack dominates training time: 92% vs 1%" (the dominant factor's share vs the
 * other factor's), or "run-to-run noise dominates ...". `what` names the metric, e.g. "training time".
 */
export function readDecomposition(d: Decomposition, what: string): string {
  const { stack, deployment, interaction, residual } = d;
  switch (d.dominant) {
    case 'stack':
      return `stack dominates ${what}: ${pct(stack.share)} vs ${pct(deployment.share)} for deployment`;
    case 'deployment':
      return `deployment dominates ${what}: ${pct(deployment.share)} vs ${pct(stack.share)} for stack`;
    case 'interaction':
      return `stack x deployment interaction dominates ${what}: ${pct(interaction.share)} (stack ${pct(stack.share)}, deployment ${pct(deployment.share)})`;
    default:
      return `run-to-run noise dominates ${what}: ${pct(residual.share)} (stack ${pct(stack.share)}, deployment ${pct(deployment.share)})`;
  }
}
