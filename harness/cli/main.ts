import yargs from 'yargs';
import { isHarnessError } from '../core/errors.ts';
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
import { fleetCommand } from './commands/fleet.ts';

/** Parses argv and runs the command; errors propagate (see `runCli` for the printing wrapper). */
export async function main(argv: readonly string[]): Promise<void> {
  await yargs([...argv])
    .scriptName('deploybench')
    .usage(
      '$0 <command> [options]\n\nWhat do the deployment model (bare metal or container) and the software stack cost in time, CPU, RAM and GPU memory?',
    )
    .command(runCommand)
    .command(buildCommand)
    .command(measureCommand)
    .command(reportCommand)
    .command(diffCommand)
    .command(stackCommand)
    .command(initCommand)
    .command(listCommand)
    .command(cacheCommand)
    .command(doctorCommand)
    .command(fingerprintCommand)
    .command(fleetCommand)
    .demandCommand(1, 'give a command; see deploybench --help')
    .strict()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parseAsync();
}

/** A mistake on the command line, reported by yargs. */
class UsageError extends Error {}

/** Runs the CLI: known errors print one line with the fix, unknown ones their stack; sets process.exitCode. */
export async function runCli(argv: readonly string[]): Promise<void> {
  // If the harness dies (a bug, a second Ctrl-C), job cgroups still tracked are removed on exit.
  installCgroupCleanup();
  try {
    await main(argv);
  } catch (error) {
    if (isHarnessError(error)) {
      process.stderr.write(`deploybench: ${error.message}\n${error.fix ? `  fix: ${error.fix}\n` : ''}`);
      process.exitCode = 2;
    } else if (error instanceof UsageError) {
      process.stderr.write(`deploybench: ${error.message}\n  see: deploybench --help\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(
        `deploybench: unexpected error (a bug; please report it with this trace)\n${(error as Error)?.stack ?? String(error)}\n`,
      );
      process.exitCode = 1;
    }
  }
}
