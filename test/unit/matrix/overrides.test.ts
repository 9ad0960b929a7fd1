import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.ts';
import { numberFlag, validateMeasureFlags, validateRunOverrides } from '../../../harness/matrix/overrides.ts';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof HarnessError) return `${error.code} ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('numberFlag', () => {
  it('reads decimal numbers only', () => {
    expect([numberFlag('12'), numberFlag('1.5'), numberFlag('-1'), numberFlag('1e9'), numberFlag(undefined)]).toEqual([
      12,
      1.5,
      -1,
      1e9,
      undefined,
    ]);
    for (const bad of ['abc', '', '0x10', '1,5', ['1', '2']]) expect(numberFlag(bad), String(bad)).toBeNaN();
  });
});

describe('validateRunOverrides', () => {
  it('passes good values through, typed', () => {
    expect(
      validateRunOverrides({ reps: '5', warmup: '0', intervalMs: '50', preset: 'tiny', only: 'torch*@container' }),
    ).toEqual({ reps: 5, warmup: 0, intervalMs: 50, preset: 'tiny', only: 'torch*@container' });
    expect(validateRunOverrides({})).toEqual({});
  });

  it('names the flag, the value as typed and the matrix field', () => {
    expect(refusal(() => validateRunOverrides({ reps: 'abc' }))).toBe(
      'E_USAGE --reps abc: expected a whole number of repetitions (matrix field repetitions)',
    );
    expect(refusal(() => validateRunOverrides({ reps: '0' }))).toBe(
      'E_USAGE --reps 0: expected at least 1 repetition (matrix field repetitions)',
    );
    expect(refusal(() => validateRunOverrides({ warmup: '1e9' }))).toBe(
      'E_USAGE --warmup 1e9: expected at most 100 warmup runs (matrix field warmup)',
    );
    expect(refusal(() => validateRunOverrides({ intervalMs: '5' }))).toBe(
      'E_USAGE --interval-ms 5: expected at least 10 ms (matrix field sampling.intervalMs)',
    );
    expect(refusal(() => validateRunOverrides({ only: 'x'.repeat(2000) }))).toMatch(
      /^E_USAGE --only x+\.\.\.: expected at most 1000 characters/,
    );
  });
});

describe('validateMeasureFlags', () => {
  it('bounds the timeout below the timer limit', () => {
    expect(validateMeasureFlags({ intervalMs: '100', timeout: '3600' })).toEqual({
      intervalMs: 100,
      timeoutSeconds: 3600,
      memoryLimitMb: undefined,
    });
    expect(refusal(() => validateMeasureFlags({ intervalMs: '100', timeout: '3e6' }))).toContain(
      '--timeout 3e6: expected at most 2147483 s',
    );
  });
});

describe('validateRunOverrides --stacks', () => {
  const known = { stacks: ['deb', 'deb-sid', 'pip'] };
  it('splits at commas and keeps the order', () => {
    expect(validateRunOverrides({ stacks: 'deb-sid, deb' }, known)).toEqual({ stacks: ['deb-sid', 'deb'] });
  });

  it('names an unknown stack with the known ones, a repeated one, and a bad name', () => {
    expect(refusal(() => validateRunOverrides({ stacks: 'deb,nope' }, known))).toBe(
      'E_USAGE --stacks deb,nope: unknown stack "nope" (known: deb, deb-sid, pip) (matrix field stacks)',
    );
    expect(refusal(() => validateRunOverrides({ stacks: 'deb,deb' }, known))).toBe(
      'E_USAGE --stacks deb,deb: a stack is listed twice (matrix field stacks)',
    );
    expect(refusal(() => validateRunOverrides({ stacks: 'Deb' }, known))).toBe(
      'E_USAGE --stacks Deb: expected stack names (lower-case letters, digits, dots, dashes) (matrix field stacks)',
    );
    expect(refusal(() => validateRunOverrides({ stacks: '' }, known))).toMatch(
      /^E_USAGE --stacks "": expected stack names/,
    );
  });
});
