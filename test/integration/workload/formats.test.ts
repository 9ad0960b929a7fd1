// The reference workload on logs in other formats (issue 13): `deploybench run` on one stack, bare metal
// and in a container, with workload.data pointing at a Suricata EVE file (one file, chronological split,
// a malicious-IP list), event-sequence files (train/infer, labels in a column), FortiGate, PAN-OS (internal
// CIDRs, random split), CSV (a mapping) and JSON lines (labels in a field). The logs are the
// seeded synthetic ones rewritten by images/workload/tests/logconvert.py from the formats' documented fields.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { loadCampaign, type LoadedCampaign } from '../../../harness/results/store.ts';
import type { RunRecord } from '../../../harness/results/schema.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { leftoverContainers, leftoverMounts } from '../../helpers/leftovers.ts';

const skip = await skipWithoutDocker();
const WORKLOAD = join(PROJECT_ROOT, 'images/workload');
const STACK = 'torch-1.13-debian12';
const py = (args: string[]) =>
  execa('python3', ['-B', ...args], { cwd: WORKLOAD, env: { PYTHONPATH: WORKLOAD, PYTHONDONTWRITEBYTECODE: '1' } });
const BAD_FIRST = ['{"event_type": "alert", "src_ip": ', '{"event_type": "dns", "src_ip": "198.51.100.1"}'];

async function fixtures(dir: string): Promise<void> {
  await py(['-m', 'deploybench_workload', 'generate', '--out', join(dir, 'gen'), '--preset', 'tiny', '--seed', '7']);
  const gen = (f: string) => readFile(join(dir, 'gen', f), 'utf8');
  await writeFile(join(dir, 'all.log'), (await gen('train.log')) + (await gen('infer.log')));
  await py(['tests/logconvert.py', 'suricata-eve', join(dir, 'all.log'), join(dir, 'eve.json')]);
  await writeFile(join(dir, 'eve.json'), `${BAD_FIRST.join('\n')}\n${await readFile(join(dir, 'eve.json'), 'utf8')}`);
  const labels = JSON.parse(await gen('labels.json')) as Record<string, Record<string, string>>;
  const bad = Object.values(labels).flatMap((m) => Object.keys(m).filter((ip) => m[ip] === 'malicious'));
  await writeFile(join(dir, 'malicious-ips.txt'), `# malicious external IPs\n${bad.join('\n')}\n`);
  for (const f of ['train', 'infer'])
    await py([
      'tests/logconvert.py',
      'sequences',
      join(dir, 'gen', `${f}.log`),
      join(dir, `${f}.seq`),
      '--labels',
      join(dir, 'gen', 'labels.json'),
      '--section',
      f,
    ]);
  const flat = Object.assign({}, ...Object.values(labels)) as Record<string, string>;
  await writeFile(join(dir, 'flat-labels.json'), JSON.stringify(flat));
  await writeFile(join(dir, 'labels.json'), await gen('labels.json'));
  const convert = (fmt: string, from: string, to: string, section?: string) =>
    py([
      'tests/logconvert.py',
      fmt,
      from,
      join(dir, to),
      '--labels',
      join(dir, section ? 'labels.json' : 'flat-labels.json'),
      ...(section ? ['--section', section] : []),
    ]);
  for (const f of ['train', 'infer']) {
    await convert('fortigate', join(dir, 'gen', `${f}.log`), `${f}.fg`, f);
    await convert('csv', join(dir, 'gen', `${f}.log`), `${f}.csv`, f);
  }
  await convert('panos', join(dir, 'all.log'), 'all.pan');
  await convert('jsonl', join(dir, 'all.log'), 'all.jsonl');
  const head = `stacks: [${STACK}]\ndeployments: [bare-metal, container]\njobs: [train, infer]\nrepetitions: 1\n`;
  await writeFile(
    join(dir, 'eve.yaml'),
    `name: eve\n${head}workload:\n  preset: tiny\n  data: { format: suricata-eve, path: eve.json, labels: malicious-ips.txt }\n`,
  );
  for (const [name, m] of Object.entries(MORE))
    await writeFile(join(dir, `${name}.yaml`), `name: ${name}\n${head}workload:\n  preset: tiny\n  data: ${m.data}\n`);
  await writeFile(
    join(dir, 'seq.yaml'),
    `name: seq\n${head}workload:\n  preset: tiny\n  data: { format: sequences, train: train.seq, infer: infer.seq }\n`,
  );
}

/** The other formats, each with other options: labels.json sections, internal CIDRs + random split, a mapping, a label field. */
const MORE: Record<string, { data: string; format: string; split: string }> = {
  fg: {
    data: '{ format: fortigate, train: train.fg, infer: infer.fg, labels: labels.json }',
    format: 'fortigate',
    split: 'files',
  },
  pan: {
    data: '{ format: panos, path: all.pan, labels: malicious-ips.txt, internal: [10.0.0.0/8], split: { kind: random, trainShare: 0.7 } }',
    format: 'panos',
    split: 'random',
  },
  csv: {
    data: '{ format: csv, train: train.csv, infer: infer.csv, mapping: { time: time, src: src, dst: dst, event: "{action}:{category}", label: label } }',
    format: 'csv',
    split: 'files',
  },
  jsonl: { data: '{ format: jsonl, path: all.jsonl }', format: 'jsonl', split: 'chronological' },
};
const NAMES = ['eve', 'seq', ...Object.keys(MORE)];

const records = (c: LoadedCampaign, job: string): RunRecord[] =>
  c.runs.map((r) => r.record).filter((r) => r.job.name === job);
const data = (r: RunRecord) => (r.job as Record<string, unknown>).data as Record<string, unknown>;

describe.skipIf(skip)(`deploybench run with workload.data in every format on ${STACK}, both deployments`, () => {
  const env: Record<string, string> = {};
  const camp: Record<string, LoadedCampaign> = {};

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-formats-'));
    env.DEPLOYBENCH_RESULTS_DIR = join(dir, 'results');
    env.DEPLOYBENCH_REPORTS_DIR = join(dir, 'reports');
    await fixtures(dir);
    for (const name of NAMES) {
      const r = await cli(['run', join(dir, `${name}.yaml`), '--reps', '1', '--no-report'], env);
      if (r.exitCode !== 0) console.error(r.all);
      expect(r.exitCode).toBe(0);
      camp[name] = await loadCampaign(r.stdout.trim().split('\n').pop() ?? '');
    }
  }, 1_800_000);

  it.each(NAMES)('%s: 4 ok runs, and bare metal and the container agree on quality and data', (name) => {
    const c = camp[name]!;
    expect(c.runs.map((r) => `${r.record.scenario} ${r.record.job.name} ${r.record.status}`).sort()).toEqual([
      `${STACK}@bare-metal infer ok`,
      `${STACK}@bare-metal train ok`,
      `${STACK}@container infer ok`,
      `${STACK}@container train ok`,
    ]);
    expect(c.campaign.warnings.filter((w) => w.includes('quality metrics differ'))).toEqual([]);
    for (const job of ['train', 'infer']) {
      const [a, b] = records(c, job);
      expect(JSON.stringify(a!.job.metrics)).toBe(JSON.stringify(b!.job.metrics));
      expect(data(a!)).toEqual(data(b!));
    }
    const m = records(c, 'infer')[0]!.job.metrics as Record<string, number | null | boolean>;
    expect(m.labelled).toBe(true);
    expect((m.tp as number) + (m.fp as number) + (m.tn as number) + (m.fn as number)).toBe(m.classifiedSequences);
    expect(m.classifiedSequences).toBeGreaterThan(5);
    expect((m.tp as number) + (m.fn as number)).toBeGreaterThan(0); // malicious sequences to find
    expect((m.tp as number) + (m.fp as number)).toBeGreaterThan(0); // and something flagged
    expect(typeof m.recall).toBe('number');
    const t = records(c, 'train')[0]!.job.metrics as Record<string, number>;
    expect(t.topkAccuracy).toBeGreaterThan(0);
  });

  it.each(Object.keys(MORE))('%s: the format, split and options it was given, as result.json records them', (name) => {
    const m = MORE[name]!;
    const train = data(records(camp[name]!, 'train')[0]!);
    const infer = data(records(camp[name]!, 'infer')[0]!);
    expect(train.format).toBe(m.format);
    expect((train.split as { kind: string }).kind).toBe(m.split);
    expect(infer.split).toEqual(train.split);
    expect(train.labelled && infer.labelled).toBe(true);
    if (name === 'pan') {
      expect(train.internal).toEqual(['10.0.0.0/8']);
      expect((train.split as { seed: number }).seed).toBe(42);
    }
    if (name === 'csv') expect((train.mapping as { event: string }).event).toBe('{action}:{category}');
  });

  it('eve: one file split chronologically, bad lines counted with their line numbers, labels from the IP list', async () => {
    const train = data(records(camp.eve!, 'train')[0]!);
    const infer = data(records(camp.eve!, 'infer')[0]!);
    expect(train.format).toBe('suricata-eve');
    expect(train.file).toBe('log.json');
    const split = train.split as Record<string, number | string>;
    expect(split).toMatchObject({ kind: 'chronological', trainShare: 0.8 });
    expect(infer.split).toEqual(split);
    expect(split.trainSequences).toBe(train.sequences);
    expect(split.inferSequences).toBe(infer.sequences);
    expect((train.sequences as number) + (infer.sequences as number)).toBe(split.sequences);
    const first = (train.malformedLines as { line: number; reason: string }[])[0]!;
    expect(first.line).toBe(1);
    expect(first.reason).toContain('invalid JSON');
    expect(train.ignoredLines).toBe(1); // the dns event
    expect(train.malformed as number).toBeGreaterThan(1); // also the generator's own malformed lines
    expect(train.labelled).toBe(true);
    const log = join(camp.eve!.dir, 'runs', `${STACK}@container`, 'train', 'rep-1.log');
    expect(await readFile(log, 'utf8')).toMatch(
      /train: log\.json: \d+ of \d+ lines malformed and skipped; first: line 1 \(invalid JSON/,
    );
  });

  it('seq: two files split by file, labels from the label column; the report names format and split', async () => {
    const train = data(records(camp.seq!, 'train')[0]!);
    expect(train).toMatchObject({ format: 'sequences', file: 'train.seq', split: { kind: 'files' }, labelled: true });
    expect(train.malformedLines).toEqual([
      { line: train.lines, reason: '4 tab-separated columns, expected at most 3 ([ID<TAB>]EVENTS[<TAB>LABEL])' },
    ]);
    const md = join(env.DEPLOYBENCH_REPORTS_DIR!, 'both.md');
    const r = await cli(['report', camp.eve!.dir, camp.seq!.dir, '--format', 'markdown', '-o', md], env);
    expect(r.exitCode, r.all).toBe(0);
    const text = await readFile(md, 'utf8');
    expect(text).toContain('suricata-eve logs: one file');
    expect(text).toContain('split: chronological, 80% of the sequences to train');
    expect(text).toContain('sequences logs: train');
    expect(text).toMatch(/train: sequences train\.seq, [\d,]+ lines, 1 malformed \(first at line [\d,]+\)/);
  });

  it('leaves no containers or mounts behind', async () => {
    expect(await leftoverContainers()).toEqual([]);
    expect(await leftoverMounts()).toEqual([]);
  });
});
