import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';

// The workload's torch-free Python tests (generator, parser, metric definitions, command line without the
// framework, result.json layout), run with the host's python3. The tests that need torch run inside the
// stack images (test/integration/workload/).

const WORKLOAD = join(PROJECT_ROOT, 'images/workload');
/** The test modules that import neither torch nor numpy; test_detect and test_end_to_end need torch. */
const TORCH_FREE = ['test_generate', 'test_parse', 'test_metrics', 'test_cli', 'test_result', 'test_readers'];

/** `python3 --version` on PATH, or null when there is none. */
async function hostPython(): Promise<string | null> {
  const r = await execa('python3', ['--version'], { reject: false, all: true });
  return r.exitCode === 0 ? r.all.trim() : null;
}

/** Test methods defined in a module (`def test_...`): what unittest must run from it. */
async function definedTests(module: string): Promise<number> {
  const source = await readFile(join(WORKLOAD, 'tests', `${module}.py`), 'utf8');
  return (source.match(/^ {4}def test_\w+\(self/gm) ?? []).length;
}

const python = await hostPython();
const ci = process.env.CI === 'true';

describe(`workload Python tests without torch, on the host${python === null ? ' (skipped: no python3 on PATH)' : ''}`, () => {
  // Outside CI a host without python3 skips; in CI (CI=true) it fails: .ci/run provides python3.
  it.skipIf(python === null && !ci)(
    `python3 -m unittest ${TORCH_FREE.join(' ')} passes, every test run, none skipped`,
    async () => {
      expect(
        python,
        'CI=true but `python3 --version` failed: python3 must be on PATH (.ci/run installs it)',
      ).not.toBeNull();
      const expected = (await Promise.all(TORCH_FREE.map(definedTests))).reduce((a, b) => a + b, 0);
      expect(expected).toBeGreaterThanOrEqual(20);

      // -B and PYTHONDONTWRITEBYTECODE: no __pycache__ in the source tree (child processes inherit the variable).
      const r = await execa('python3', ['-B', '-m', 'unittest', '-v', ...TORCH_FREE.map((m) => `tests.${m}`)], {
        cwd: WORKLOAD,
        reject: false,
        all: true,
        env: { PYTHONDONTWRITEBYTECODE: '1' },
      });
      expect(r.exitCode, r.all).toBe(0);
      const ran = /^Ran (\d+) tests? in /m.exec(r.stderr);
      expect(Number(ran?.[1]), r.all).toBe(expected);
      expect(r.stderr, r.all).toMatch(/^OK$/m); // not "OK (skipped=N)": these modules must not need torch
      expect((r.stderr.match(/ \.\.\. ok$/gm) ?? []).length, r.all).toBe(expected);
    },
  );
});
