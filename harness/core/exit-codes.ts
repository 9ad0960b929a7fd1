import type { HarnessErrorCode } from './errors.ts';

/** The exit statuses of `deploybench` (README "Exit codes"); each is a class of outcome a script can act on. */
export const EXIT = {
  /** Everything asked for was done and is ok. */
  ok: 0,
  /** It ran, but something is not ok: a run failed (or `--bail` stopped), a diff regression over `--fail-above`, a failed doctor check, a cache item kept. */
  notOk: 1,
  /** The command line or an input file is wrong (a flag, a matrix, a stack, a results folder); nothing ran. */
  usage: 2,
  /** The machine or a set-up step is not ready: Docker, root, cgroups, NVML, an image build, a deployment's set-up. */
  environment: 3,
  /** `diff --fail-above`: nothing tripped, but a compared metric is undecided for lack of repetitions. */
  undecided: 4,
  /** A bug in deploybench (E_INTERNAL or an error it did not expect); please report it. */
  internal: 70,
  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT). */
  interrupted: 130,
} as const;

/** The class of each error code, i.e. the exit status it ends the CLI with. */
const CLASS_OF: Record<HarnessErrorCode, keyof typeof EXIT> = {
  E_USAGE: 'usage',
  E_MATRIX_INVALID: 'usage',
  E_STACK_INVALID: 'usage',
  E_STACK_EXISTS: 'usage',
  E_RESULTS_INVALID: 'usage',
  E_RESULTS_NEWER: 'usage',
  E_NOT_FOUND: 'usage',
  E_INPUTS_CHANGED: 'usage',
  E_DOCKER_UNAVAILABLE: 'environment',
  E_NOT_ROOT: 'environment',
  E_CGROUP: 'environment',
  E_NVML: 'environment',
  E_GPU_UNAVAILABLE: 'environment',
  E_SLURM: 'usage',
  E_BUILD_FAILED: 'environment',
  E_PREPARE_FAILED: 'environment',
  E_CAMPAIGN_STOPPED: 'environment',
  E_RUN_FAILED: 'notOk',
  E_INTERNAL: 'internal',
};

/** The exit status for a HarnessError code; an unknown code (not a HarnessError) is internal. */
export function exitStatusOf(code: HarnessErrorCode | undefined): number {
  return EXIT[code === undefined ? 'internal' : CLASS_OF[code]];
}
