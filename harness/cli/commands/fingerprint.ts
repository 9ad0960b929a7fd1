import type { CommandModule } from 'yargs';

/** `deploybench fingerprint [--json]`: the host as a campaign records it. */
export const fingerprintCommand: CommandModule<object, { json: boolean }> = {
  command: 'fingerprint',
  describe: 'print the host fingerprint (CPU, memory, OS, kernel, cgroups, Docker, GPUs)',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  handler: async (a) => (await import('../actions/fingerprint.ts')).fingerprintAction(a),
};
