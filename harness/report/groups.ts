/**
 * Groups the runs of one or more campaigns by (campaign, stack, deployment, job), with the labels the
 * report shows. With more than one campaign, stack and scenario labels are qualified by the machine
 * (host name, or campaign id where host names repeat) so that machines appear side by side.
 */
import { hostSummary } from '../diff/fingerprints.ts';
import type { HostSummary } from '../diff/types.ts';
import type { Campaign } from '../results/campaign.ts';
import { groupJobRuns, stackOf, type JobRuns } from '../stats/job-runs.ts';
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

/** The runs of one job of one scenario of one campaign, with the labels the report shows. */
export interface Group extends Omit<JobRuns<RunInput>, 'stack'> {
  /** Unique key: JSON of [source id, scenario, job]. */
  key: string;
  source: Source;
  /** The stack: the records', or the scenario's part before '@'. */
  stack: string;
  /** Stack label, qualified by the machine when several campaigns are shown. */
  stackLabel: string;
  /** Scenario label, qualified likewise. */
  label: string;
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
function orderBy(preferred: readonly string[]): (a: string, b: string) => number {
  const rank = (x: string): number => (preferred.includes(x) ? preferred.indexOf(x) : preferred.length);
  return (a, b) => rank(a) - rank(b) || natural(a, b);
}

function sourceLabels(campaigns: readonly CampaignInput[]): string[] {
  if (campaigns.length < 2) return campaigns.map(() => '');
  const hostnames = campaigns.map((c) => hostSummary(c.campaign.host).hostname);
  const unique = hostnames.every((h, i) => h !== null && hostnames.indexOf(h) === i);
  return campaigns.map((c, i) => (unique ? (hostnames[i] as string) : c.campaign.id));
}

// The labelled groups of one campaign.
function sourceGroups(source: Source): Group[] {
  const q = source.label ? `${source.label} · ` : '';
  return [...groupJobRuns(source.runs, (run) => run.record).values()].map((jr) => {
    const stack = jr.stack ?? stackOf(jr.runs[0]!.record);
    return {
      ...jr,
      key: JSON.stringify([source.id, jr.scenario, jr.job]),
      source,
      stack,
      stackLabel: `${q}${stack}`,
      label: `${q}${stack}@${jr.deployment}`,
    };
  });
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
  const groups = sources.flatMap(sourceGroups);
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
