// The exit-status table shown at the end of `deploybench --help` (the README's "Exit codes" says the same).
import { EXIT } from '../core/exit-codes.ts';

/** The `--help` epilogue: one line per exit status. */
export const EXIT_CODES_HELP = [
  'Exit status:',
  `  ${EXIT.ok}    ok`,
  `  ${EXIT.notOk}    ran, not ok: a failed run, --bail, a diff regression over --fail-above, a doctor FAIL`,
  `  ${EXIT.usage}    bad command line or input file (flag, matrix, stack, results folder)`,
  `  ${EXIT.environment}    machine or set-up not ready (Docker, root, cgroups, NVML, an image build)`,
  `  ${EXIT.undecided}    diff --fail-above: a compared metric is undecided (too few repetitions)`,
  `  ${EXIT.internal}   internal error: a bug in deploybench, please report it`,
  `  ${EXIT.interrupted}  interrupted (Ctrl-C, SIGTERM); run --resume continues`,
].join('\n');
