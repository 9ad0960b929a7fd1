import type { CommandModule } from 'yargs';

/** Parsed arguments of `deploybench fleet status|wait DIR`. */
export interface FleetArgs {
  action: 'status' | 'wait';
  dir: string;
  report: boolean;
}

/** `deploybench fleet status DIR` / `deploybench fleet wait DIR`: a fleet's nodes, from Slurm and their campaigns. */
export const fleetCommand: CommandModule<object, FleetArgs> = {
  command: 'fleet <action> <dir>',
  describe: 'a Slurm fleet (run --slurm): status prints one line per node; wait follows it to the end',
  builder: (y) =>
    y
      .positional('action', { choices: ['status', 'wait'] as const, demandOption: true })
      .positional('dir', { type: 'string', demandOption: true, describe: 'fleet folder (results/<fleet>)' })
      .option('report', {
        type: 'boolean',
        default: true,
        describe: 'wait: write the fleet report and diffs at the end (--no-report to skip)',
      }),
  handler: async (a) => (await import('../actions/fleet.ts')).fleetAction(a),
};
