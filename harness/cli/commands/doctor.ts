import type { CommandModule } from 'yargs';

/** `deploybench doctor`: prerequisites, each failing one with its fix. */
export const doctorCommand: CommandModule = {
  command: 'doctor',
  describe: 'check prerequisites; each problem says how to fix it',
  handler: async () => (await import('../actions/doctor.ts')).doctorAction(),
};
