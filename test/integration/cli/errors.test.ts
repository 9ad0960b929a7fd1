// How the real `deploybench` binary reports errors (issue 14 item 3): code, fix and cause lines, stacks only
// with -v, and the exit status of each class as the README's "Exit codes" table documents it.
import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../harness/core/exit-codes.ts';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { loadCampaign } from '../../../harness/results/store.ts';
import { cli } from '../../helpers/cli.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deploybench-errors-'));
});

const STACK_FRAME = /\n {4}at /;

describe('error output of the CLI', () => {
  it('a known error: `error CODE: message` and its fix, no stack, exit status 2', async () => {
    const r = await cli(['run', '--reps', '0'], { DEPLOYBENCH_RESULTS_DIR: join(dir, 'r1') });
    expect(r.exitCode, r.all).toBe(EXIT.usage);
    expect(r.stderr.split('\n')).toEqual([
      'deploybench: error E_USAGE: --reps 0: expected at least 1 repetition (matrix field repetitions)',
      '  fix: give a whole number from 1 to 1000, e.g. --reps 5',
    ]);
  });

  it('a mistake yargs finds is E_USAGE with the command-specific help as fix', async () => {
    const r = await cli(['run', '--bogus']);
    expect(r.exitCode, r.all).toBe(EXIT.usage);
    expect(r.stderr).toBe('deploybench: error E_USAGE: Unknown argument: bogus\n  fix: see `deploybench run --help`');
  });

  it('a wrapped error shows its cause (the system error) on a line of its own, still without a stack', async () => {
    const missing = join(dir, 'no-such-campaign');
    const r = await cli(['diff', missing, missing]);
    expect(r.exitCode, r.all).toBe(EXIT.usage);
    expect(r.stderr.split('\n')).toEqual([
      `deploybench: error E_NOT_FOUND: ${missing}/campaign.json: not found`,
      '  fix: check the path; a campaign folder holds campaign.json',
      `  cause: ENOENT: no such file or directory, open '${missing}/campaign.json'`,
    ]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('-v (global, any position) adds the stack of the error and of its cause', async () => {
    const missing = join(dir, 'no-such-campaign');
    for (const args of [
      ['diff', missing, missing, '-v'],
      ['--verbose', 'diff', missing, missing],
    ]) {
      const r = await cli(args);
      expect(r.exitCode, r.all).toBe(EXIT.usage);
      const lines = r.stderr.split('\n');
      expect(lines.slice(0, 3).map((l) => l.split(':')[0])).toEqual(['deploybench', '  fix', '  cause']);
      expect(lines[3]).toBe(`HarnessError: ${missing}/campaign.json: not found`);
      expect(lines[4]).toMatch(/^ {4}at .*harness\/results\/store\.(js|ts)/);
      expect(r.stderr).toContain(
        `\nCaused by: Error: ENOENT: no such file or directory, open '${missing}/campaign.json'\n    at `,
      );
    }
  });

  it('the environment class: an unreachable Docker engine is E_DOCKER_UNAVAILABLE with its cause, exit status 3', async () => {
    const sock = join(dir, 'no-docker.sock');
    const r = await cli(['measure', '--image', 'busybox:latest', '--', 'true'], { DOCKER_HOST: `unix://${sock}` });
    expect(r.exitCode, r.all).toBe(EXIT.environment);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(
      `deploybench: error E_DOCKER_UNAVAILABLE: the Docker engine does not answer (connect ENOENT ${sock})`,
    );
    expect(lines[1]).toMatch(/^ {2}fix: `deploybench setup` \(as root\) installs and starts it/);
    expect(lines[2]).toBe(`  cause: connect ENOENT ${sock}`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('exit codes are documented', () => {
  it('`deploybench --help` ends with the table, one line per status', async () => {
    const r = await cli(['--help']);
    expect(r.exitCode, r.all).toBe(0);
    const table = r.stdout.slice(r.stdout.indexOf('Exit status:')).split('\n').slice(1);
    expect(table.map((l) => Number(l.trim().split(' ')[0]))).toEqual(Object.values(EXIT));
  });

  it("README's Exit codes table lists exactly the statuses of EXIT", async () => {
    const readme = await readFile(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Exit codes'));
    const rows = section.slice(0, section.indexOf('\n\n', section.indexOf('| ---'))).split('\n');
    const statuses = rows.filter((l) => /^\| \d+ \|/.test(l)).map((l) => Number(l.split('|')[1]));
    expect(statuses).toEqual(Object.values(EXIT));
  });
});

// The run loop needs root for its cgroups (no Docker: the host deployment with a stand-in interpreter).
const skipRoot = process.env.CI !== 'true' && process.getuid?.() !== 0;

describe.skipIf(skipRoot)('run --bail through the CLI', () => {
  it('stops at the first failed run with E_RUN_FAILED, exit status 1 (runs not ok), and keeps the record', async () => {
    const python = join(dir, 'failing-python');
    await writeFile(python, '#!/bin/sh\n[ "$3" = generate ] && exit 0\necho "failing on purpose" >&2\nexit 3\n');
    await chmod(python, 0o755);
    const matrix = join(dir, 'bail.yaml');
    await writeFile(
      matrix,
      `name: bail\nstacks: [torch-2.6-debian13]\ndeployments: [host]\njobs: [train]\nworkload: { preset: tiny }\nrepetitions: 2\nhost: { python: ${python} }\n`,
    );
    const r = await cli(['run', matrix, '--bail', '--no-report'], { DEPLOYBENCH_RESULTS_DIR: join(dir, 'results') });
    expect(r.exitCode, r.all).toBe(EXIT.notOk);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(
      /^deploybench: error E_RUN_FAILED: stopping at the first failure \(--bail\): torch-2\.6-debian13@host train rep 1: exited with code 3$/,
    );
    expect(lines.at(-1)).toMatch(/^ {2}fix: see .*rep-1\.json and its \.log$/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    // The failed run is recorded and the second repetition never ran; the campaign is marked failed.
    const [campaign] = await readdir(join(dir, 'results'));
    const stored = await loadCampaign(join(dir, 'results', campaign!));
    expect(stored.runs.map((x) => `${x.record.rep}:${x.record.status}`)).toEqual(['1:failed']);
    expect(stored.campaign.state).toBe('failed');
  });
});
