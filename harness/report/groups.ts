/**
 * Groups the runs of one or more campaigns by (campaign, stack, deployment, job), with the labels the
 * report shows. With more than one campaign, stack and scenario labels are qualified by the machine
 * (host name, or campaign id where host names repeat) so that machines appear side by side.
 */
import { hostSummary } from '../diff/fingerprints.ts';
import type { HostSummary } from '../diff/types.ts';
import type { Campaign } from '../results/campaign.ts';
import type { RunRecord } from '../results/schema.ts';
import { countsInStatistics } from '../stats/metrics.ts';
import type { CampaignInput, RunInput } from './types.ts';

/** One campaign, as a source of groups. */
export interface Source {
  /** Campaign id. */
  id: string;
  /** Qualifier shown before stack names: '' with a single campaign. */
  label: string;
  campaign: Campaign;
  host: HostSummary;
  /** Every run of the campaign, warmups and failures included. */
  runs: RunInput[];
}

/** The runs of one job of one scenario of one campaign. */
export interface Group {
  /** Unique key: JSON of [source id, stack, deployment, job]. */
  key: string;
  source: Source;
  stack: string;
  deployment: string;
  job: string;
  /** `<stack>@<deployment>` as recorded. */
  scenario: string;
  /** Stack label, qualified by the machine when several campaigns are shown. */
  stackLabel: string;
  /** Scenario label, qualified likewise. */
  label: string;
  /** Non-warmup runs, any status. */
  runs: RunInput[];
  /** The records that count in the statistics: ok and not warmup. */
  ok: RunRecord[];
}

/** Groups and the ordered factor levels found in them. */
export interface Grouping {
  sources: Source[];
  groups: Group[];
  /** Job names: train, infer, then others alphabetically. */
  jobs: string[];
  /** Deployments: bare-metal, container, host, then others. */
  deployments: string[];
  /** Qualified stack labels, in natural order. */
  stackLabels: string[];
}

const JOB_ORDER = ['train', 'infer'];
const DEPLOYMENT_ORDER = ['bare-metal', 'container', 'host'];
const natural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Sorts names by a preferred order first, then naturally. */
export function orderBy(preferred: readonly string[]): (a: string, b: string) => number {
  const rank = (x: string): number => (preferred.includes(x) ? preferred.indexOf(x) : preferred.length);
  return (a, b) => rank(a) - rank(b) || natural(a, b);
}

/** The stack of a run: the record's, or the scenario's part before '@'. */
export function stackOf(r: RunRecord): string {
  return r.stack ?? r.scenario.split('@')[0] ?? r.scenario;
}

function sourceLabels(campaigns: readonly CampaignInput[]): string[] {
  if (campaigns.length < 2) return campaigns.map(() => '');
  const hostnames = campaigns.map((c) => hostSummary(c.campaign.host).hostname);
  const unique = hostnames.every((h, i) => h !== null && hostnames.indexOf(h) === i);
  return campaigns.map((c, i) => (unique ? (hostnames[i] as string) : c.campaign.id));
}

/** Groups every run of the campaigns; sources keep the order given. */
export function groupRuns(campaigns: readonly CampaignInput[]): Grouping {
  const labels = sourceLabels(campaigns);
  const sources: Source[] = campaigns.map((c, i) => ({
    id: c.campaign.id,
    label: labels[i] ?? '',
    campaign: c.campaign,
    host: hostSummary(c.campaign.host),
    runs: c.runs,
  }));
  const byKey = new Map<string, Group>();
  for (const source of sources) {
    for (const run of source.runs) {
      const r = run.record;
      if (r.warmup) continue;
      const stack = stackOf(r);
      const key = JSON.stringify([source.id, stack, r.deployment, r.job.name]);
      let g = byKey.get(key);
      if (!g) {
        const q = source.label ? `${source.label} · ` : '';
        g = {
          key,
          source,
          stack,
          deployment: r.deployment,
          job: r.job.name,
          scenario: r.scenario,
          stackLabel: `${q}${stack}`,
          label: `${q}${stack}@${r.deployment}`,
          runs: [],
          ok: [],
        };
        byKey.set(key, g);
      }
      g.runs.push(run);
      if (countsInStatistics(r)) g.ok.push(r);
    }
  }
  const groups = [...byKey.values()];
  const jobs = [...new Set(groups.map((g) => g.job))].sort(orderBy(JOB_ORDER));
  const deployments = [...new Set(groups.map((g) => g.deployment))].sort(orderBy(DEPLOYMENT_ORDER));
  const sourceIndex = (g: Group): number => sources.indexOf(g.source);
  const stackLabels = [
    ...new Set(
      groups.sort((a, b) => sourceIndex(a) - sourceIndex(b) || natural(a.stack, b.stack)).map((g) => g.stackLabel),
    ),
  ];
  groups.sort(
    (a, b) =>
      sourceIndex(a) - sourceIndex(b) ||
      natural(a.stack, b.stack) ||
      orderBy(DEPLOYMENT_ORDER)(a.deployment, b.deployment) ||
      orderBy(JOB_ORDER)(a.job, b.job),
  );
  for (const g of groups) g.ok.sort((a, b) => a.rep - b.rep);
  return { sources, groups, jobs, deployments, stackLabels };
}

/** "training" for train, "inference" for infer, else the job name. */
export function jobWord(job: string): string {
  return job === 'train' ? 'training' : job === 'infer' ? 'inference' : job;
}
