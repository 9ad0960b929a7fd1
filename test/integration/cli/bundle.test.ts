// The start-up bundle (dist/cli, esbuild) is the CLI users run once built: it must answer exactly as the
// TypeScript sources do (help, lists, usage errors, error codes and exit statuses), and bin.js must pick it
// when it is up to date.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { cli } from '../../helpers/cli.ts';

const CASES = [
  ['--help'],
  ['--version'],
  ['list', 'scenarios'],
  ['run', '--help'],
  ['measure', '--help'],
  ['frob'],
  ['run', 'nope.yaml'],
];

describe('the start-up bundle', () => {
  it('is up to date after a build and is what bin.js runs', async () => {
    const built = await execa('node', ['harness/cli/build.js', '--if-stale'], {
      cwd: PROJECT_ROOT,
      reject: false,
      all: true,
    });
    expect(built.exitCode, built.all).toBe(0);
    const state = await execa(
      'node',
      [
        '--input-type=module',
        '-e',
        "import('./harness/cli/dist.js').then((m) => console.log(m.distState(), m.DIST_MAIN_URL))",
      ],
      { cwd: PROJECT_ROOT },
    );
    expect(state.stdout).toMatch(/^fresh file:\/\/.*\/dist\/cli\/main\.js$/);
  }, 120_000);

  it.each(CASES)(
    'answers `%s` as the sources do',
    async (...args: string[]) => {
      const bundled = await cli(args);
      const sources = await cli(args, { DEPLOYBENCH_TSX: '1' });
      expect(bundled.exitCode).toBe(sources.exitCode);
      expect(bundled.stdout).toBe(sources.stdout);
      expect(bundled.stderr).toBe(sources.stderr);
    },
    60_000,
  );
});
