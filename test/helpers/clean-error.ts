import { expect } from 'vitest';

/**
 * Asserts that a CLI run failed the way a user's mistake must: exit status 2, the message on one line
 * (`deploybench: error E_CODE: ...`, a known code, not E_INTERNAL), then only `  fix:` (at most one,
 * first) and `  cause:` lines, every fragment in the message, and no stack trace.
 */
export function expectCleanError(
  r: { exitCode?: number; stderr: unknown; all?: unknown },
  fragments: readonly string[],
): void {
  const stderr = String(r.stderr);
  expect(r.exitCode, String(r.all)).toBe(2);
  expect(stderr).not.toContain('    at ');
  expect(stderr).not.toContain('E_INTERNAL');
  const lines = stderr.trimEnd().split('\n');
  const at = lines.map((l) => l.startsWith('deploybench: error ')).lastIndexOf(true);
  const message = lines[at] ?? '';
  expect(message, stderr).toMatch(/^deploybench: error E_[A-Z_]+: \S/);
  const tail = lines.slice(at + 1);
  for (const [i, l] of tail.entries()) expect(l, stderr).toMatch(i === 0 ? /^ {2}(fix|cause): \S/ : /^ {2}cause: \S/);
  for (const f of fragments) expect(message, stderr).toContain(f);
}
