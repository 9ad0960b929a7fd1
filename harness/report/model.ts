/**
 * Builds everything the report shows from loaded campaigns: groups, statistics, findings, warnings,
 * chart specs and tables. Pure: the HTML and Markdown writers only lay this out.
 */
import { analyse, type Analysis } from './analysis.ts';
import {
  campaignWarnings,
  equivalence,
  failedRunErrors,
  fingerprintWarnings,
  outlierWarnings,
  type Equivalence,
} from './checks.ts';
import { campaignMargin } from './decisions.ts';
import { frameworkTable, hostTables } from './env-tables.ts';
import { findings, type FindingGroup } from './findings.ts';
import { groupRuns, type Grouping } from './groups.ts';
import { machinesSection, type MachinesSection } from './machines.ts';
import { barCharts } from './specs/bars.ts';
import { formatBytes } from '../render/units.ts';
import type { ChartSpec } from '../render/chart.ts';
import { radarCharts } from './specs/radar.ts';
import { timelineChart } from './specs/timeline.ts';
import { comparisonTable, decompositionTable, scenarioTables } from './tables.ts';
import type { Table } from '../render/table.ts';
import type { BuildOptions, CampaignInput } from './types.ts';
import { jobMetricsTables, runProblemWarnings, workloadFacts } from './workload-section.ts';

/** Facts of the summary section, as label/value pairs. */
export type Facts = [string, string][];

/** Everything a report writer needs. */
export interface ReportModel {
  title: string;
  facts: Facts;
  /** Findings in words, under headings (per job, then results equivalence). */
  findings: FindingGroup[];
  /** Problems, one sentence each (failed runs, fingerprint and results mismatches, outliers, campaign warnings). */
  warnings: string[];
  grouping: Grouping;
  analysis: Analysis;
  equivalence: Equivalence[];
  charts: { bars: ChartSpec[]; radars: ChartSpec[]; timeline: ChartSpec | null };
  /** Several campaigns (a fleet's nodes): fleet node states, fingerprints side by side, node factor; else null. */
  machines: MachinesSection | null;
  tables: {
    scenarios: Table[];
    jobMetrics: Table[];
    deployment: Table;
    stack: Table;
    decomposition: Table;
    hosts: Table[];
    frameworks: Table;
  };
}

function repetitions(g: Grouping): string {
  const ns = g.groups.map((x) => x.ok.length);
  const min = Math.min(...ns);
  const max = Math.max(...ns);
  const warmups = g.sources.reduce((s, x) => s + x.runs.filter((r) => r.record.warmup).length, 0);
  const notOk = g.sources.reduce((s, x) => s + x.runs.filter((r) => r.record.status !== 'ok').length, 0);
  return `${min === max ? min : `${min}-${max}`} ok per scenario and job${warmups > 0 ? `, ${warmups} warmup runs excluded` : ''}${notOk > 0 ? `, ${notOk} runs not ok` : ''}`;
}

function facts(g: Grouping): Facts {
  const out: Facts = [];
  for (const s of g.sources) {
    const q = g.sources.length > 1 ? ` (${s.label})` : '';
    const h = s.host;
    const mem = h.memoryBytes === null ? null : `${formatBytes(h.memoryBytes)} RAM`;
    const cores = h.cpuCores === null ? null : `${h.cpuCores} logical CPUs`;
    const machine = [
      h.hostname,
      h.cpuModel,
      cores,
      mem,
      h.gpus.length > 0 ? h.gpus.join(', ') : 'no GPU',
      h.os,
      h.kernel && `kernel ${h.kernel}`,
    ]
      .filter((x): x is string => typeof x === 'string' && x !== '')
      .join('; ');
    out.push(
      [`campaign${q}`, `${s.id} (${s.campaign.state}, ${s.campaign.startedAt})`],
      [`machine${q}`, machine || '(no host fingerprint)'],
    );
  }
  out.push(
    ['stacks', [...new Set(g.groups.map((x) => x.stack))].join(', ') || 'none'],
    ['deployments', g.deployments.join(', ') || 'none'],
    ['jobs', g.jobs.join(', ') || 'none'],
    ['repetitions', g.groups.length === 0 ? 'none' : repetitions(g)],
  );
  return out;
}

/** Builds the report model of one or more campaigns (machines side by side when several). */
export function buildReportModel(campaigns: readonly CampaignInput[], opts: BuildOptions = {}): ReportModel {
  const g = groupRuns(campaigns);
  const a = analyse(g, { ...opts, margin: opts.margin ?? campaignMargin(campaigns) });
  const eq = equivalence(g);
  const mismatched = eq
    .filter((e) => !e.equal)
    .map((e) => `${e.stackLabel} ${e.job}: quality metrics differ between deployments: ${e.differences.join('; ')}`);
  const ids = g.sources.map((s) => s.id);
  const machines = machinesSection(g, a, opts.fleets);
  const machineFindings =
    machines && machines.findings.length > 0 ? [{ title: 'Machines (node factor)', items: machines.findings }] : [];
  return {
    title: `deploybench report: ${opts.fleets?.length ? `fleet ${opts.fleets.map((f) => f.id).join(', ')}: ` : ''}${ids.join(' vs ')}`,
    facts: [...facts(g), ...workloadFacts(g)],
    findings: [...findings(g, a, eq), ...machineFindings],
    warnings: [
      ...campaignWarnings(g),
      ...failedRunErrors(g),
      ...runProblemWarnings(g),
      ...fingerprintWarnings(g),
      ...mismatched,
      ...outlierWarnings(g, a),
    ],
    grouping: g,
    analysis: a,
    equivalence: eq,
    charts: { bars: barCharts(g, a), radars: radarCharts(g, a), timeline: timelineChart(g) },
    machines,
    tables: {
      scenarios: scenarioTables(g, a),
      jobMetrics: jobMetricsTables(g),
      deployment: comparisonTable(a, 'deployment'),
      stack: comparisonTable(a, 'stack'),
      decomposition: decompositionTable(g, a),
      hosts: hostTables(g),
      frameworks: frameworkTable(g),
    },
  };
}

/** Every chart of the model, in document order. */
export function allCharts(m: ReportModel): ChartSpec[] {
  return [...m.charts.bars, ...m.charts.radars, ...(m.charts.timeline ? [m.charts.timeline] : [])];
}
