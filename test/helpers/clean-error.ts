import { expect } from 'vitest';

/**
 * Asserts that a CLI run failed the way a user's mistake must: exit status 2, the message on one line
 * (`deploybench: ...`, then at most a `fix:` line), every fragment in it, and no stack trace.
 */
export function expectCleanError(
  r: { exitCode?: number; stderr: unknown; all?: unknown },
  fragments: readonly string[],
): void {
  const stderr = String(r.stderr);
  expect(r.exitCode, String(r.all)).toBe(2);
  expect(stderr).not.toContain('    at ');
  expect(stderr).not.toContain('unexpected error');
  const lines = stderr.trimEnd().split('\n');
  const message = lines.at(-2)?.startsWith('deploybench: ') ? lines.at(-2)! : lines.at(-1)!;
  expect(message, stderr).toMatch(/^deploybench: /);
  if (message !== lines.at(-1)) expect(lines.at(-1)).toMatch(/^ {2}(fix|see): /);
  for (const f of fragments) expect(message, stderr).toContain(f);
}
