// Damaged or hostile campaign folders given to the real `deploybench report` and `diff` (issue 15): records
// are validated on read (sane ranges, files confined to the campaign folder), and records that campaign.json
// lists but that are missing become warnings on the terminal and in the report. The campaigns are
// SYNTHETIC (test/helpers/synthetic-campaign.ts): made-up figures, only the files matter here.
import { mkdir, mkdtemp, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.ts';
import { expectCleanError } from '../../helpers/clean-error.ts';
import { writeSyntheticCampaign } from '../../helpers/synthetic-campaign.ts';

let dir = '';
const REP1 = 'runs/torch-2.6-debian13@container/train/rep-1.json';
const REP2 = 'runs/torch-2.6-debian13@container/train/rep-2.json';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deploybench-bad-records-'));
});

// A fresh small campaign folder (one stack, two deployments, train, 2 reps).
async function campaign(name: string): Promise<string> {
  return writeSyntheticCampaign({
    dir: join(dir, name),
    id: name,
    stacks: ['torch-2.6-debian13'],
    deployments: ['bare-metal', 'container'],
    jobs: ['train'],
    reps: 2,
    samplesPerRun: 10,
  });
}

async function editJson(file: string, edit: (value: Record<string, unknown>) => void): Promise<void> {
  const value = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  await writeFile(file, JSON.stringify(value));
}

const env = (): Record<string, string> => ({ DEPLOYBENCH_REPORTS_DIR: join(dir, 'reports') });

describe.concurrent('records are validated on read', () => {
  const cases: [string, (r: Record<string, unknown>) => void, string[]][] = [
    ['wallSeconds -5', (r) => (r.wallSeconds = -5), ['wallSeconds', 'expected seconds >= 0', '-5 (number)']],
    [
      'a negative CPU average',
      (r) => ((r.cpu as Record<string, unknown>).avgPercent = -3),
      ['cpu.avgPercent', 'percentage >= 0'],
    ],
    [
      'a fractional OOM kill count',
      (r) => ((r.memory as Record<string, unknown>).oomKills = 1.5),
      ['memory.oomKills', 'whole number'],
    ],
    ['rep 0', (r) => (r.rep = 0), ['rep', 'repetition >= 1']],
    [
      'samples.file ../../../../etc/passwd',
      (r) => ((r.samples as Record<string, unknown>).file = '../../../../etc/passwd'),
      ['samples.file', 'without folders'],
    ],
    ['logFile /etc/shadow', (r) => (r.logFile = '/etc/shadow'), ['logFile', 'without folders']],
  ];
  for (const [name, edit, fragments] of cases) {
    it(`report refuses a record with ${name}, naming file and field`, async () => {
      const c = await campaign(`c-${name.replace(/\W+/g, '-')}`);
      await editJson(join(c, REP1), edit);
      const r = await cli(['report', c], env());
      expectCleanError(r, ['rep-1.json', 'not a valid run record', ...fragments]);
    });
  }

  it('diff refuses a record with wallSeconds -5 instead of printing a nonsense CI', async () => {
    const a = await campaign('diff-a');
    const b = await campaign('diff-b');
    await editJson(join(b, REP1), (r) => (r.wallSeconds = -5));
    const r = await cli(['diff', a, b]);
    expectCleanError(r, ['diff-b', 'rep-1.json', 'wallSeconds', 'expected seconds >= 0']);
  });

  it('refuses a record above 16 MiB before parsing it', async () => {
    const c = await campaign('big-record');
    await editJson(join(c, REP1), (r) => ((r.job as Record<string, unknown>).blob = 'x'.repeat(17 * 1024 * 1024)));
    const r = await cli(['report', c], env());
    expectCleanError(r, ['rep-1.json', 'run record too large', 'at most 16.0 MiB']);
  });

  it('refuses a campaign.json whose run index points outside the campaign', async () => {
    const c = await campaign('index-outside');
    await editJson(
      join(c, 'campaign.json'),
      (v) => ((v.runs as Record<string, unknown>[])[0]!.file = '../../../etc/passwd'),
    );
    const r = await cli(['report', c], env());
    expectCleanError(r, ['campaign.json', 'runs[0].file', 'inside the campaign folder']);
  });

  it('does not follow a samples file that links outside the campaign: the timeline is left out with a warning', async () => {
    const c = await campaign('samples-link');
    const samples = join(c, 'runs/torch-2.6-debian13@container/train/rep-1.samples.ndjson');
    await unlink(samples);
    await symlink('/etc/passwd', samples);
    const out = join(dir, 'reports', 'samples-link.html');
    const r = await cli(['report', c, '-o', out], env());
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toMatch(/warning: .*rep-1\.json: time series unreadable \(.*leads outside the campaign folder/);
    expect(r.stderr).not.toContain('root:');
    const html = await readFile(out, 'utf8');
    expect(html).toContain('leads outside the campaign folder');
    expect(html).not.toContain('root:x:0:0');
  });
});

describe.concurrent('missing records are warnings, on the terminal and in the report', () => {
  it('a record listed in campaign.json but deleted', async () => {
    const c = await campaign('missing-one');
    await rm(join(c, REP2));
    const out = join(dir, 'reports', 'missing-one.html');
    const r = await cli(['report', c, '-o', out], env());
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain(
      `warning: ${join(c, REP2)}: run record missing (torch-2.6-debian13@container train rep 2, listed in campaign.json); left out`,
    );
    expect(await readFile(out, 'utf8')).toContain('run record missing (torch-2.6-debian13@container train rep 2');
  });

  it('a deleted runs/ folder', async () => {
    const c = await campaign('missing-runs');
    await rm(join(c, 'runs'), { recursive: true });
    const out = join(dir, 'reports', 'missing-runs.md');
    const r = await cli(['report', c, '--format', 'markdown', '-o', out], env());
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain(
      `warning: ${join(c, 'runs')}: folder missing; campaign.json lists 4 runs, none could be read`,
    );
    expect(await readFile(out, 'utf8')).toContain('folder missing; campaign.json lists 4 runs');
  });

  it('diff lists the missing records of either side among its warnings', async () => {
    const a = await campaign('diff-missing-a');
    const b = await campaign('diff-missing-b');
    await rm(join(b, REP2));
    const r = await cli(['diff', a, b]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain(`B: ${join(b, REP2)}: run record missing`);
  });
});

describe.concurrent('report -o', () => {
  it('-o DIR writes DIR/<campaign>.html', async () => {
    const c = await campaign('out-dir');
    const outDir = join(dir, 'out-folder');
    await mkdir(outDir, { recursive: true });
    const r = await cli(['report', c, '-o', outDir], env());
    expect(r.exitCode, r.all).toBe(0);
    expect((await stat(join(outDir, 'out-dir.html'))).isFile()).toBe(true);
    expect(r.stdout.trim().split('\n').pop()).toBe(join(outDir, 'out-dir.html'));
  });

  it('-o NEWDIR/ (trailing slash) makes the folder and writes NEWDIR/<campaign>.html', async () => {
    const c = await campaign('out-new-dir');
    const outDir = join(dir, 'new-folder');
    const r = await cli(['report', c, '-o', `${outDir}/`], env());
    expect(r.exitCode, r.all).toBe(0);
    expect((await stat(join(outDir, 'out-new-dir.html'))).isFile()).toBe(true);
  });

  it('-o below a file is one clear line', async () => {
    const c = await campaign('out-below-file');
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const r = await cli(['report', c, '-o', join(file, 'r.html')], env());
    expectCleanError(r, ['a-file/r.html', 'cannot write', 'not a folder']);
  });
});
