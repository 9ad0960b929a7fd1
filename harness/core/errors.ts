/** Codes of the errors the harness knows how to explain; anything else is a bug and prints its stack. */
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
  | 'E_NVML'
  | 'E_SLURM';

/** An error the user can act on: `message` says what and where, `fix` says what to do next. */
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

/** The message of any thrown value, for run records and logs. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
