/** Codes of the errors the harness knows how to explain; `E_INTERNAL` (and anything not a HarnessError) is a bug. */
export type HarnessErrorCode =
  | 'E_MATRIX_INVALID'
  | 'E_STACK_INVALID'
  | 'E_STACK_EXISTS'
  | 'E_DOCKER_UNAVAILABLE'
  | 'E_BUILD_FAILED'
  | 'E_NOT_ROOT'
  | 'E_CGROUP'
  | 'E_RESULTS_INVALID'
  | 'E_RESULTS_NEWER'
  | 'E_USAGE'
  | 'E_NOT_FOUND'
  | 'E_PREPARE_FAILED'
  | 'E_INPUTS_CHANGED'
  | 'E_CAMPAIGN_STOPPED'
  | 'E_RUN_FAILED'
  | 'E_NVML'
  | 'E_GPU_UNAVAILABLE'
  | 'E_SLURM'
  | 'E_INTERNAL';

/** An error the user can act on: `message` says what and where, `fix` says what to do next, `cause` is the original. */
export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  readonly fix: string | undefined;

  constructor(code: HarnessErrorCode, message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HarnessError';
    this.code = code;
    this.fix = options.fix;
  }
}

/** True for errors created by the harness on purpose (as opposed to bugs). */
export function isHarnessError(error: unknown): error is HarnessError {
  return error instanceof HarnessError;
}

/** A broken invariant of the harness itself (a bug, not the user's to fix): code `E_INTERNAL`. */
export function internalError(message: string, cause?: unknown): HarnessError {
  return new HarnessError('E_INTERNAL', message, {
    fix: 'this is a bug in deploybench: please report it with this output (rerun with -v for the stacks)',
    cause,
  });
}

// Errors JavaScript itself throws for mistakes in the code; wrapping one as a user's error would hide a bug.
const PROGRAMMER_ERRORS = [TypeError, ReferenceError, RangeError, SyntaxError, EvalError] as const;

/** True for a TypeError, ReferenceError and the like: a bug that must print as one, never be rewrapped. */
export function isProgrammerError(error: unknown): boolean {
  return PROGRAMMER_ERRORS.some((t) => error instanceof t);
}

/**
 * The error to throw on from a catch: a HarnessError stays as it is (its code and fix are the precise
 * ones), a programmer error (TypeError, ...) stays as it is so it prints as a bug, and anything else (a
 * system call, Docker, a library) becomes a HarnessError with `code`, `message` and `fix`, keeping it as `cause`.
 */
export function wrapUnknown(error: unknown, code: HarnessErrorCode, message: string, fix: string): unknown {
  if (isHarnessError(error) || isProgrammerError(error)) return error;
  return new HarnessError(code, message, { fix, cause: error });
}

/** The message of any thrown value, for run records and logs. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The chain `error`, its cause, the cause's cause, ... (at most `max`, stopping at a cycle). */
export function causeChain(error: unknown, max = 10): unknown[] {
  const chain: unknown[] = [];
  let cur: unknown = error;
  while (cur !== undefined && chain.length < max && !chain.includes(cur)) {
    chain.push(cur);
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return chain;
}
