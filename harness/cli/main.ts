import yargs, { type CommandModule } from 'yargs';
import { HarnessError } from '../core/errors.ts';
import { EXIT_CODES_HELP } from './exit-help.ts';
import { formatError, wantsVerbose } from './print-error.ts';
import { installCgroupCleanup } from '../sampling/cgroup-registry.ts';
import { buildCommand } from './commands/build.ts';
import { cacheCommand } from './commands/cache.ts';
import { doctorCommand } from './commands/doctor.ts';
import { fingerprintCommand } from './commands/fingerprint.ts';
import { listCommand } from './commands/list.ts';
import { measureCommand } from './commands/measure.ts';
import { runCommand } from './commands/run.ts';
import { reportCommand } from './commands/report.ts';
import { diffCommand } from './commands/diff.ts';
import { stackCommand } from './commands/stack.ts';
import { initCommand } from './commands/init.ts';
import { setupCommand } from './commands/setup.ts';
import { fleetCommand } from './commands/fleet.ts';

const COMMANDS = [
  runCommand,
  buildCommand,
  measureCommand,
  reportCommand,
  diffCommand,
  stackCommand,
  initCommand,
  listCommand,
  cacheCommand,
  doctorCommand,
  setupCommand,
  fingerprintCommand,
  fleetCommand,
] as CommandModule[];

/** Parses argv and runs the command; errors propagate (see `runCli` for the printing wrapper). */
export async function main(argv: readonly string[]): Promise<void> {
  let cli = yargs([...argv])
    .scriptName('deploybench')
    .usage(
      '$0 <command> [options]\n\nWhat do the deployment model (bare metal or container) and the software stack cost in time, CPU, RAM and GPU memory?',
    );
  for (const c of COMMANDS) cli = cli.command(c);
  await cli
    .option('verbose', {
      alias: 'v',
      type: 'boolean',
      default: false,
      global: true,
      describe: "more output: the jobs' own progress lines (run), the stack of an error",
    })
    .demandCommand(1, 'give a command; see deploybench --help')
    .strict()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue(EXIT_CODES_HELP)
    .fail((msg, err) => {
      // A mistake on the command line, reported by yargs (err is set when a command's handler threw).
      throw err ?? new HarnessError('E_USAGE', msg, { fix: `see \`deploybench ${commandOf(argv)}--help\`` });
    })
    .parseAsync();
}

// The verb of argv with a trailing space ("run "), or "" when it names no command, for the usage error's fix.
function commandOf(argv: readonly string[]): string {
  const verbs = COMMANDS.map((c) => String(c.command).split(' ')[0]);
  return argv[0] !== undefined && verbs.includes(argv[0]) ? `${argv[0]} ` : '';
}

/**
 * Runs the CLI and sets process.exitCode: a HarnessError prints its code, fix and causes (stacks with
 * -v/--verbose), anything else prints as an internal error with its stack (see print-error.ts).
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  // If the harness dies (a bug, a second Ctrl-C), job cgroups still tracked are removed on exit.
  installCgroupCleanup();
  try {
    await main(argv);
  } catch (error) {
    const printed = formatError(error, wantsVerbose(argv));
    process.stderr.write(printed.text);
    process.exitCode = printed.exitStatus;
  }
}
