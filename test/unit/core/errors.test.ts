// The error contract (issue 14 item 3): only unknown errors are rewrapped, with their cause; the CLI's text
// for each kind of error, asserted line by line; and the exit status of each class.
import { describe, expect, it } from 'vitest';
import { causeChain, HarnessError, internalError, wrapUnknown } from '../../../harness/core/errors.ts';
import { EXIT, exitStatusOf } from '../../../harness/core/exit-codes.ts';
import { formatError, wantsVerbose } from '../../../harness/cli/print-error.ts';

const FIX = 'do the other thing';

// A system error as Node makes it (an Error with an errno code), thrown for real.
function enoent(): Error {
  try {
    throw Object.assign(new Error("ENOENT: no such file or directory, open '/nope'"), { code: 'ENOENT' });
  } catch (error) {
    return error as Error;
  }
}

describe('wrapUnknown', () => {
  it('keeps a HarnessError as it is: same object, its own code and fix', () => {
    const known = new HarnessError('E_NOT_FOUND', 'x.yaml: not found', { fix: 'check the path' });
    expect(wrapUnknown(known, 'E_CAMPAIGN_STOPPED', 'the campaign stopped', FIX)).toBe(known);
  });

  it('keeps a programmer error (TypeError, RangeError) as it is, so it prints as a bug', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(wrapUnknown(bug, 'E_CAMPAIGN_STOPPED', 'm', FIX)).toBe(bug);
    const range = new RangeError('Invalid array length');
    expect(wrapUnknown(range, 'E_CAMPAIGN_STOPPED', 'm', FIX)).toBe(range);
  });

  it('wraps anything else with the given code, message and fix, keeping it as cause', () => {
    const original = enoent();
    const wrapped = wrapUnknown(original, 'E_PREPARE_FAILED', 'exporting failed', FIX) as HarnessError;
    expect(wrapped).toBeInstanceOf(HarnessError);
    expect([wrapped.code, wrapped.message, wrapped.fix]).toEqual(['E_PREPARE_FAILED', 'exporting failed', FIX]);
    expect(wrapped.cause).toBe(original);
    const fromString = wrapUnknown('a string', 'E_CAMPAIGN_STOPPED', 'm', FIX) as HarnessError;
    expect(fromString.cause).toBe('a string');
  });
});

describe('causeChain', () => {
  it('follows cause to the end and stops at a cycle', () => {
    const root = new Error('root');
    const mid = new Error('mid', { cause: root });
    const top = new HarnessError('E_USAGE', 'top', { cause: mid });
    expect(causeChain(top)).toEqual([top, mid, root]);
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(causeChain(a)).toEqual([a, b]);
  });
});

describe('exit statuses', () => {
  it('maps each class to its status; anything not a HarnessError is internal', () => {
    expect(EXIT).toEqual({ ok: 0, notOk: 1, usage: 2, environment: 3, undecided: 4, internal: 70, interrupted: 130 });
    expect(exitStatusOf('E_USAGE')).toBe(2);
    expect(exitStatusOf('E_MATRIX_INVALID')).toBe(2);
    expect(exitStatusOf('E_INPUTS_CHANGED')).toBe(2);
    expect(exitStatusOf('E_DOCKER_UNAVAILABLE')).toBe(3);
    expect(exitStatusOf('E_BUILD_FAILED')).toBe(3);
    expect(exitStatusOf('E_CAMPAIGN_STOPPED')).toBe(3);
    expect(exitStatusOf('E_RUN_FAILED')).toBe(1);
    expect(exitStatusOf('E_INTERNAL')).toBe(70);
    expect(exitStatusOf(undefined)).toBe(70);
  });
});

describe('formatError', () => {
  it('a known error: code and message, its fix, no stack; exit status of its class', () => {
    const e = new HarnessError('E_MATRIX_INVALID', 'm.yaml:3: repetitions: expected at least 1', {
      fix: 'set 1..1000',
    });
    expect(formatError(e, false)).toEqual({
      text: 'deploybench: error E_MATRIX_INVALID: m.yaml:3: repetitions: expected at least 1\n  fix: set 1..1000\n',
      exitStatus: 2,
    });
  });

  it('a wrapped error: one cause line per link, first line of each message, with the code of a HarnessError', () => {
    const sys = enoent();
    const inner = new HarnessError('E_PREPARE_FAILED', 'copying failed\nsecond line', { cause: sys });
    const outer = new HarnessError('E_CAMPAIGN_STOPPED', 'the campaign stopped', { fix: FIX, cause: inner });
    expect(formatError(outer, false).text.split('\n')).toEqual([
      'deploybench: error E_CAMPAIGN_STOPPED: the campaign stopped',
      `  fix: ${FIX}`,
      '  cause: E_PREPARE_FAILED: copying failed',
      "  cause: ENOENT: no such file or directory, open '/nope'",
      '',
    ]);
    expect(formatError(outer, false).exitStatus).toBe(3);
  });

  it('verbose adds the stack of the error and of each cause ("Caused by:")', () => {
    const sys = enoent();
    const outer = new HarnessError('E_NOT_FOUND', 'x: not found', { fix: FIX, cause: sys });
    const text = formatError(outer, true).text;
    expect(text).toMatch(
      /^deploybench: error E_NOT_FOUND: x: not found\n {2}fix: .*\n {2}cause: ENOENT: .*\nHarnessError: x: not found\n {4}at /,
    );
    expect(text).toMatch(/\nCaused by: Error: ENOENT: no such file or directory, open '\/nope'\n {4}at enoent /);
  });

  it('an error that is not a HarnessError is an internal error: its stack always, a request to report it, exit 70', () => {
    let bug: unknown;
    try {
      (undefined as unknown as { x: number }).x.toFixed();
    } catch (error) {
      bug = error;
    }
    const { text, exitStatus } = formatError(bug, false);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      "deploybench: error E_INTERNAL: unexpected TypeError: Cannot read properties of undefined (reading 'x')",
    );
    expect(lines[1]).toMatch(/^ {2}fix: this is a bug in deploybench: please report it/);
    expect(lines[2]).toBe("  cause: Cannot read properties of undefined (reading 'x')");
    expect(lines[3]).toBe("TypeError: Cannot read properties of undefined (reading 'x')");
    expect(lines[4]).toMatch(/^ {4}at .*errors\.test\.ts/);
    expect(exitStatus).toBe(70);
  });

  it('an E_INTERNAL thrown on purpose shows its own stack; a thrown non-Error value is internal too', () => {
    const text = formatError(internalError('A sampler can be started only once'), false).text;
    expect(text).toMatch(
      /^deploybench: error E_INTERNAL: A sampler can be started only once\n {2}fix: .*\nHarnessError: A sampler/,
    );
    expect(formatError('boom', false)).toMatchObject({ exitStatus: 70 });
    expect(formatError('boom', false).text).toContain('deploybench: error E_INTERNAL: unexpected throw: boom\n');
    expect(formatError('boom', false).text).toContain('(thrown value) boom');
  });
});

describe('wantsVerbose', () => {
  it('sees -v and --verbose before --, not in the measured command after it', () => {
    expect(wantsVerbose(['diff', 'a', 'b', '-v'])).toBe(true);
    expect(wantsVerbose(['--verbose', 'run'])).toBe(true);
    expect(wantsVerbose(['measure', '--', 'grep', '-v', 'x'])).toBe(false);
    expect(wantsVerbose(['run'])).toBe(false);
  });
});
