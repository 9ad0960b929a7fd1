// `deploybench run --resume` (issue 15): any path form (relative, trailing slash, absolute), runs that are
// not ok retried with their records kept as history, `--keep-failed`, and no ok run ever lost.
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { campaignSchema } from '../../../harness/results/campaign.ts';
import { loadCampaign } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

// A stand-in interpreter for the host deployment (no torch needed): `-m deploybench_workload JOB ... --out DIR`
// writes a result.json, and exits 3 instead while a file `fail` lies beside it.
const FAKE_PYTHON = `#!/bin/sh
here=$(dirname "$0")
job=$3
out=
while [ $# -gt 0 ]; do [ "$1" = --out ] && out=$2; shift; done
[ "$job" = generate ] && exit 0
[ -e "$here/fail" ] && { echo "failing on purpose" >&2; exit 3; }
printf '{"schemaVersion":1,"metrics":{"f1":1}}\\n' > "$out/result.json"
`;

async function statuses(dir: string): Promise<string[]> {
  return (await loadCampaign(dir)).runs.map((r) => `${r.record.rep}:${r.record.status}`);
}

async function campaignJson(dir: string): Promise<ReturnType<typeof campaignSchema.parse>> {
  return campaignSchema.parse(JSON.parse(await readFile(join(dir, 'campaign.json'), 'utf8')));
}

describe.skipIf(process.getuid?.() !== 0)('run --resume with the host deployment (a stand-in interpreter)', () => {
  it('takes a relative path with a trailing slash, retries failed runs keeping their records as history, never loses an ok run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-resume-'));
    const python = join(dir, 'fake-python');
    await writeFile(python, FAKE_PYTHON);
    await chmod(python, 0o755);
    await writeFile(join(dir, 'fail'), '');
    const matrix = join(dir, 'm.yaml');
    await writeFile(
      matrix,
      `name: retry\nstacks: [torch-2.6-debian13]\ndeployments: [host]\njobs: [train]\nworkload: { preset: tiny }\nrepetitions: 2\nhost: { python: ${python} }\n`,
    );
    const env = { DEPLOYBENCH_RESULTS_DIR: join(dir, 'results') };

    const first = await cli(['run', matrix, '--no-report'], env);
    expect(first.exitCode, first.all).toBe(1);
    const campaign = first.stdout.trim().split('\n').pop()!;
    expect(await statuses(campaign)).toEqual(['1:failed', '2:failed']);

    // --keep-failed: nothing is retried, nothing moves.
    const kept = await cli(['run', '--resume', campaign, '--keep-failed', '--no-report'], env);
    expect(kept.exitCode, kept.all).toBe(1);
    expect(kept.stderr).toContain('2 runs kept');
    expect(await statuses(campaign)).toEqual(['1:failed', '2:failed']);

    // The path as the tool prints it in messages: relative to the working directory, here with a trailing slash.
    await rm(join(dir, 'fail'));
    const rel = `${relative(PROJECT_ROOT, campaign)}/`;
    const resumed = await cli(['run', '--resume', rel, '--no-report'], env);
    expect(resumed.exitCode, resumed.all).toBe(0);
    expect(resumed.stderr).toContain('0 runs kept, 2 not ok to retry (their records kept as history');
    expect(resumed.stdout.trim().split('\n').pop()).toBe(campaign);
    expect(await statuses(campaign)).toEqual(['1:ok', '2:ok']);
    const json = await campaignJson(campaign);
    expect(json.state).toBe('complete');
    expect(json.runs.map((e) => `${e.rep}:${e.status}`)).toEqual(['1:ok', '2:ok']);
    expect(json.attempts?.map((a) => [a.rep, a.status, a.file, a.error])).toEqual([
      [1, 'failed', 'runs/torch-2.6-debian13@host/train/rep-1.try-1.json', 'exited with code 3'],
      [2, 'failed', 'runs/torch-2.6-debian13@host/train/rep-2.try-1.json', 'exited with code 3'],
    ]);
    // The failed attempt kept its own log, beside the retried run's.
    const folder = join(campaign, 'runs/torch-2.6-debian13@host/train');
    expect((await readdir(folder)).sort()).toEqual(
      expect.arrayContaining([
        'rep-1.json',
        'rep-1.log',
        'rep-1.try-1.json',
        'rep-1.try-1.log',
        'rep-1.try-1.samples.ndjson',
        'rep-2.try-1.json',
      ]),
    );
    expect(await readFile(join(folder, 'rep-1.try-1.log'), 'utf8')).toContain('failing on purpose');
    const archived = JSON.parse(await readFile(join(folder, 'rep-1.try-1.json'), 'utf8')) as {
      status: string;
      logFile: string;
      samples: { file: string };
    };
    expect([archived.status, archived.logFile, archived.samples.file]).toEqual([
      'failed',
      'rep-1.try-1.log',
      'rep-1.try-1.samples.ndjson',
    ]);

    // A second resume (absolute path) finds everything ok: nothing runs, nothing is lost.
    const again = await cli(['run', '--resume', campaign, '--no-report'], env);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stderr).toContain('2 runs kept');
    expect(again.stderr).not.toContain('[1/');
    expect(await statuses(campaign)).toEqual(['1:ok', '2:ok']);
    expect((await campaignJson(campaign)).attempts).toHaveLength(2);
  });

  it('refuses a resume whose --only matches nothing before moving any record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-resume-only-'));
    const python = join(dir, 'fake-python');
    await writeFile(python, FAKE_PYTHON);
    await chmod(python, 0o755);
    await writeFile(join(dir, 'fail'), '');
    const matrix = join(dir, 'm.yaml');
    await writeFile(
      matrix,
      `name: only\nstacks: [torch-2.6-debian13]\ndeployments: [host]\njobs: [train]\nworkload: { preset: tiny }\nrepetitions: 1\nhost: { python: ${python} }\n`,
    );
    const env = { DEPLOYBENCH_RESULTS_DIR: join(dir, 'results') };
    const first = await cli(['run', matrix, '--no-report'], env);
    const campaign = first.stdout.trim().split('\n').pop()!;
    const r = await cli(['run', '--resume', campaign, '--only', 'nothing*'], env);
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toContain('--only nothing*: matches no scenario');
    expect(r.stderr).not.toContain('    at ');
    expect(await statuses(campaign)).toEqual(['1:failed']);
    expect((await campaignJson(campaign)).attempts).toBeUndefined();
  });
});

const skipDocker = await skipWithoutDocker();

describe.skipIf(skipDocker)('run --resume with containers', () => {
  it('a relative campaign path works for container runs (Docker binds need absolute paths) and retries a failed run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-resume-ct-'));
    const matrix = join(dir, 'm.yaml');
    await writeFile(
      matrix,
      'name: resume-ct\nstacks: [torch-2.6-debian13]\ndeployments: [container]\njobs: [train]\nworkload: { preset: tiny }\nrepetitions: 1\n',
    );
    const env = { DEPLOYBENCH_RESULTS_DIR: join(dir, 'results') };
    const first = await cli(['run', matrix, '--no-report'], env);
    expect(first.exitCode, first.all).toBe(0);
    const campaign = first.stdout.trim().split('\n').pop()!;
    // Turn the recorded run into a failed one, as if the job had crashed.
    const record = join(campaign, 'runs/torch-2.6-debian13@container/train/rep-1.json');
    const value = JSON.parse(await readFile(record, 'utf8')) as Record<string, unknown>;
    await writeFile(record, JSON.stringify({ ...value, status: 'failed', exitCode: 1, error: 'exited with code 1' }));

    const rel = relative(PROJECT_ROOT, campaign);
    expect(rel.startsWith('/')).toBe(false);
    const resumed = await cli(['run', '--resume', rel, '--no-report'], env);
    expect(resumed.exitCode, resumed.all).toBe(0);
    expect(resumed.all).not.toContain('invalid characters for a local volume name');
    expect(await statuses(campaign)).toEqual(['1:ok']);
    expect((await campaignJson(campaign)).attempts?.map((a) => a.file)).toEqual([
      'runs/torch-2.6-debian13@container/train/rep-1.try-1.json',
    ]);
  });
});
