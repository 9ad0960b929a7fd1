// The report model built from SYNTHETIC campaigns (test/helpers/synthetic-campaign.ts): grouping,
// exclusions, comparisons, findings, warnings and checks.
import { describe, expect, it } from 'vitest';
import { buildReportModel, allCharts } from '../../../harness/report/model.ts';
import type { HostOverrides } from '../../helpers/host-fingerprint.ts';
import { syntheticInput } from '../../helpers/synthetic-campaign.ts';

const base = { reps: 5, samplesPerRun: 50 };

describe('buildReportModel', () => {
  const model = buildReportModel([
    syntheticInput({
      ...base,
      warmups: 1,
      failures: [
        {
          stack: 'torch-2.6-debian13',
          deployment: 'container',
          job: 'train',
          rep: 2,
          status: 'timeout',
          error: 'killed after 600 s',
        },
      ],
    }),
  ]);
  const g = model.grouping;

  it('groups 2 stacks x 2 deployments x 2 jobs, in the paper order', () => {
    expect(g.groups).toHaveLength(8);
    expect(g.jobs).toEqual(['train', 'infer']);
    expect(g.deployments).toEqual(['bare-metal', 'container']);
    expect(g.stackLabels).toEqual(['torch-1.13-debian12', 'torch-2.6-debian13']);
  });

  it('excludes warmups and runs that are not ok from the statistics, and lists failures as warnings', () => {
    const failed = g.groups.find((x) => x.label === 'torch-2.6-debian13@container' && x.job === 'train')!;
    expect(failed.runs).toHaveLength(5);
    expect(failed.ok.map((r) => r.rep)).toEqual([1, 3, 4, 5]);
    expect(failed.ok.every((r) => !r.warmup)).toBe(true);
    expect(model.warnings).toContain(
      'torch-2.6-debian13@container train rep 2: timeout (exit 1): killed after 600 s (excluded from the statistics)',
    );
    expect(model.facts).toContainEqual([
      'repetitions',
      '4-5 ok per scenario and job, 8 warmup runs excluded, 1 runs not ok',
    ]);
  });

  it('compares each deployment with bare metal per stack and each stack with the first per deployment', () => {
    const dep = model.analysis.comparisons.filter((c) => c.kind === 'deployment' && c.metric.id === 'wallSeconds');
    expect(dep.map((c) => `${c.job} ${c.label}`)).toEqual([
      'train torch-1.13-debian12: container vs bare-metal',
      'train torch-2.6-debian13: container vs bare-metal',
      'infer torch-1.13-debian12: container vs bare-metal',
      'infer torch-2.6-debian13: container vs bare-metal',
    ]);
    const stack = model.analysis.comparisons.find(
      (c) => c.kind === 'stack' && c.metric.id === 'wallSeconds' && c.job === 'train',
    )!;
    expect(stack.label).toBe('bare-metal: torch-2.6-debian13 vs torch-1.13-debian12');
    expect(stack.comparison.significant).toBe(true);
    expect(stack.comparison.ratio!).toBeLessThan(0.6);
  });

  it('states in words that the stack dominates, and the fastest and leanest configurations', () => {
    const training = model.findings.find((f) => f.title === 'Training')!;
    expect(training.items[0]).toMatch(/^The stack dominates execution time \(\d+% vs \d+% for deployment\)/);
    expect(training.items).toContainEqual(expect.stringMatching(/^Fastest: torch-2\.6-debian13@/));
    expect(training.items).toContainEqual(expect.stringMatching(/^Leanest in RAM: torch-2\.6-debian13@/));
    const eq = model.findings.find((f) => f.title === 'Results equivalence')!;
    expect(eq.items[0]).toMatch(/identical between deployments for torch-1\.13-debian12 train/);
  });

  it('draws 6 bar charts, 4 radars and a timeline for a 2x2x2 campaign', () => {
    expect(allCharts(model).map((c) => c.id)).toEqual([
      'bars-wallSeconds',
      'bars-cpuAvgPercent',
      'bars-cpuMaxPercent',
      'bars-memoryPeakBytes',
      'bars-gpuPeakBytes',
      'bars-throughput',
      'radar-deployment-0',
      'radar-deployment-1',
      'radar-stack-0',
      'radar-stack-1',
      'timeline',
    ]);
  });

  it('has paper-style tables per job and comparison tables', () => {
    expect(model.tables.scenarios.map((t) => t.caption)).toEqual([
      'Table 3: training, median [95% bootstrap CI] per scenario',
      'Table 4: inference, median [95% bootstrap CI] per scenario',
    ]);
    expect(model.tables.scenarios[0]!.head.slice(0, 3)).toEqual(['scenario', 'n', 'Execution time (s)']);
    expect(model.tables.scenarios[0]!.rows[3]![1]!.text).toBe('4 (+1 not ok)');
    expect(model.tables.deployment.rows).toHaveLength(2 * 2 * 5); // jobs x stacks x headline metrics with data (no GPU)
  });
});

describe('buildReportModel, checks', () => {
  it('warns when a stack reports different framework fingerprints or quality metrics between deployments', () => {
    const m = buildReportModel([
      syntheticInput({
        ...base,
        frameworkOverrides: { 'torch-2.6-debian13@container': { blas: 'mkl' } },
        metricsOverrides: { 'torch-1.13-debian12@container': { f1: 0.5 } },
      }),
    ]);
    expect(m.warnings).toContainEqual(
      expect.stringMatching(
        /^torch-2\.6-debian13 train: framework fingerprint differs: blas: "openblas" \(bare-metal\) vs "mkl" \(container\)/,
      ),
    );
    expect(m.warnings).toContainEqual(
      expect.stringMatching(
        /^torch-1\.13-debian12 infer: quality metrics differ between deployments: f1: 0\.924 \(bare-metal\) vs 0\.5 \(container\)/,
      ),
    );
    expect(m.findings.at(-1)!.items).toContainEqual(
      expect.stringMatching(/^FAILED for torch-1\.13-debian12 train: f1/),
    );
    const fw = m.tables.frameworks;
    expect(fw.rows.some((r) => r.some((c) => c.text === 'mkl' && c.cls === 'worse'))).toBe(true);
  });

  it('says that n=3 cannot reach significance', () => {
    const m = buildReportModel([syntheticInput({ ...base, reps: 3 })]);
    const rows = m.analysis.comparisons.filter((c) => c.kind === 'deployment');
    expect(rows.every((r) => r.comparison.warning?.startsWith('too few repetitions'))).toBe(true);
    expect(m.findings[0]!.items).toContainEqual(
      expect.stringMatching(
        /^No significant difference between the deployments of a stack on any other metric \(but too few repetitions/,
      ),
    );
  });

  it('shows "no GPU data" instead of zeros without GPU, and GPU bars with it', () => {
    const noGpu = buildReportModel([syntheticInput(base)]).charts.bars.find((c) => c.id === 'bars-gpuPeakBytes')!;
    expect(JSON.stringify(noGpu.spec)).toContain('no GPU data');
    const gpu = buildReportModel([syntheticInput({ ...base, gpu: true })]);
    const spec = JSON.stringify(gpu.charts.bars.find((c) => c.id === 'bars-gpuPeakBytes')!.spec);
    expect(spec).not.toContain('"text":"no GPU data"');
    expect(spec).toContain('GPU peak memory (MiB)');
    expect(gpu.charts.radars[0]!.spec).toBeDefined();
    expect(JSON.stringify(gpu.charts.timeline!.spec)).toContain('GPU memory (MiB)');
  });

  it('qualifies labels by host when several campaigns are shown', () => {
    const host = (hostname: string): HostOverrides => ({ hostname, cpu: { model: 'x', logicalCpus: 4 } });
    const m = buildReportModel([
      syntheticInput({ ...base, id: 'a', host: host('node-a'), jobs: ['train'] }),
      syntheticInput({ ...base, id: 'b', host: host('node-b'), jobs: ['train'], seed: 2 }),
    ]);
    expect(m.grouping.stackLabels).toEqual([
      'node-a · torch-1.13-debian12',
      'node-a · torch-2.6-debian13',
      'node-b · torch-1.13-debian12',
      'node-b · torch-2.6-debian13',
    ]);
    expect(m.findings.map((f) => f.title)).toEqual([
      'node-a: Training',
      'node-b: Training',
      'Decisions',
      'Results equivalence',
      'Machines (node factor)',
    ]);
    expect(m.title).toBe('deploybench report: a vs b');
    // Comparisons stay within a machine.
    expect(m.analysis.comparisons.every((c) => c.a.source === c.b.source)).toBe(true);
  });
});

describe('findings on metrics whose scenarios barely differ', () => {
  it('say the scenarios are alike instead of naming a dominant factor', () => {
    const input = syntheticInput({ reps: 5 });
    // Every run's CPU average within 97-101%: whatever share a factor has, it does not matter.
    input.runs.forEach((r, i) => {
      r.record.cpu.avgPercent = 97 + (i % 5);
    });
    const m = buildReportModel([input]);
    const training = m.findings.find((f) => f.title === 'Training')!;
    expect(training.items).toContainEqual(
      expect.stringMatching(
        /^All scenarios lie within 5% of each other on CPU average \(largest\/smallest median 1\.0\d\dx\): neither stack nor deployment matters there in practice\.$/,
      ),
    );
    expect(training.items.filter((l) => / dominates .*CPU average/.test(l))).toEqual([]);
  });
});

describe('buildReportModel, noisy runs', () => {
  it('lists a run that shared the machine among the warnings, and says nothing of quiet ones', () => {
    const input = syntheticInput(base);
    const noise = { otherCpuPercent: 42, stealPercent: 1, windowSeconds: 10, thresholdPercent: 10, noisy: true };
    input.runs = input.runs.map((r, i) => ({
      ...r,
      record: { ...r.record, noise: i === 0 ? noise : { ...noise, otherCpuPercent: 2, stealPercent: 0, noisy: false } },
    }));
    const first = input.runs[0]!.record;
    const noisy = buildReportModel([input]).warnings.filter((w) => w.includes('shared machine'));
    expect(noisy).toEqual([
      `${first.scenario} ${first.job.name} rep ${first.rep}: ran on a shared machine: other processes used 42% of a core meanwhile, steal 1% (noisy above 10%); its timings are less reliable`,
    ]);
  });
});
