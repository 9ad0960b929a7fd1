// How the CLI shows an error that ended a command: code, fix and cause chain; stacks for bugs and with -v.
import { causeChain, internalError, isHarnessError } from '../core/errors.ts';
import { exitStatusOf } from '../core/exit-codes.ts';

/** What the CLI writes to stderr for an error, and the exit status it sets. */
export interface PrintedError {
  /** The lines to write to stderr, newline-terminated. */
  text: string;
  /** The process exit status (see `EXIT`). */
  exitStatus: number;
}

// One line for a cause: its code when it is a HarnessError, and the first line of its message.
function causeLine(cause: unknown): string {
  const message = cause instanceof Error ? cause.message || cause.name : String(cause);
  const code = isHarnessError(cause) ? `${cause.code}: ` : '';
  return `  cause: ${code}${message.split('\n')[0] ?? ''}`;
}

// The stacks of the chain, Java style ("Caused by: ..."); a non-Error value has none.
function stacks(chain: readonly unknown[]): string[] {
  return chain.map((e, i) => {
    const stack = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `(thrown value) ${String(e)}`;
    return i === 0 ? stack : `Caused by: ${stack}`;
  });
}

/**
 * Formats an error for the terminal: `deploybench: error E_CODE: message`, then `  fix: ...` and one
 * `  cause: ...` line per cause. Anything that is not a HarnessError is a bug: it is shown as E_INTERNAL
 * with the original as cause. Stacks follow for E_INTERNAL always, and for every error with `verbose`.
 */
export function formatError(error: unknown, verbose: boolean): PrintedError {
  const known = isHarnessError(error)
    ? error
    : internalError(
        error instanceof Error ? `unexpected ${error.name}: ${error.message}` : `unexpected throw: ${String(error)}`,
        error,
      );
  const chain = causeChain(known);
  const lines = [`deploybench: error ${known.code}: ${known.message}`];
  if (known.fix) lines.push(`  fix: ${known.fix}`);
  for (const cause of chain.slice(1)) lines.push(causeLine(cause));
  // For a non-HarnessError the wrapper made here has no useful stack of its own: show the original's.
  if (verbose || known.code === 'E_INTERNAL') lines.push(...stacks(known === error ? chain : chain.slice(1)));
  return { text: `${lines.join('\n')}\n`, exitStatus: exitStatusOf(known.code) };
}

/** True when argv asks for verbose output (`-v` or `--verbose` before any `--`), read even when parsing failed. */
export function wantsVerbose(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const own = end === -1 ? argv : argv.slice(0, end);
  return own.some((a) => a === '-v' || a === '--verbose' || a === '--verbose=true');
}
