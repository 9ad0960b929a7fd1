import type { Argv, CommandModule } from 'yargs';

/** Parsed arguments of `deploybench setup`. */
export interface SetupArgs {
  check: boolean;
  'for-tests': boolean;
  'docker-socket'?: string;
  'data-root'?: string;
  'exec-root'?: string;
  pidfile: string;
  'dockerd-log': string;
  'dockerd-arg'?: string[];
  /** Seconds to wait for a started engine to answer. */
  timeout: number;
}

/** `deploybench setup [--check] [--for-tests]`: make this machine ready (packages, Docker engine), or say how. */
export const setupCommand: CommandModule<object, SetupArgs> = {
  command: 'setup',
  describe: 'make this machine ready: install docker.io and debootstrap, start the Docker engine (or print how)',
  builder: (y: Argv) =>
    y
      .option('check', { type: 'boolean', default: false, describe: 'only report (the checks of `doctor`)' })
      .option('for-tests', {
        type: 'boolean',
        default: false,
        describe: 'also what the test suite needs (chromium, busybox-static, gcc, libc6-dev, python3-torch, ...)',
      })
      .option('docker-socket', {
        type: 'string',
        describe:
          'unix socket of the engine (sets DOCKER_HOST for this command; default DOCKER_HOST or /var/run/docker.sock)',
      })
      .option('data-root', { type: 'string', describe: 'dockerd --data-root for an engine setup starts' })
      .option('exec-root', { type: 'string', describe: 'dockerd --exec-root for an engine setup starts' })
      .option('pidfile', { type: 'string', default: '/var/run/docker.pid', describe: 'dockerd --pidfile' })
      .option('dockerd-log', {
        type: 'string',
        default: '/var/log/deploybench-dockerd.log',
        describe: "file dockerd's output is appended to",
      })
      .option('dockerd-arg', {
        type: 'string',
        array: true,
        describe: 'one more dockerd argument, e.g. --dockerd-arg=--iptables=false (repeatable)',
      })
      .option('timeout', { type: 'number', default: 60, describe: 'seconds to wait for a started engine to answer' })
      .example('$0 setup', 'install what is missing and start the engine (as root on Debian or Ubuntu)')
      .example('$0 setup --check', 'only report what is missing, with the fixes'),
  handler: async (a) => (await import('../actions/setup.ts')).setupAction(a),
};
