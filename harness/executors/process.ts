import { createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { execa } from 'execa';
import { lineSplitter } from './lines.ts';
import type { Launched } from './supervise.ts';
import type { JobSpec } from './types.ts';

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p)) ?? null;

/**
 * The prefix that makes the job's main process die with the harness: util-linux `setpriv --pdeathsig KILL`
 * sets the kernel's parent-death signal (prctl PR_SET_PDEATHSIG, kept across the execs of the cgroup shell,
 * taskset and chroot) and execs the job. Empty without setpriv; the job's watchdog (watchdog.ts) covers the
 * job's children in either case.
 */
export function dieWithHarness(): string[] {
  return SETPRIV ? [SETPRIV, '--pdeathsig', 'KILL', '--'] : [];
}

/**
 * Starts a job as a plain host process (bare metal and host deployments): output to the job's log file
 * and, line by line, to its progress callback. `argv` already places the process in its cgroup.
 */
export async function launchProcess(
  job: JobSpec,
  argv: readonly string[],
  env: { vars: Record<string, string>; extend: boolean },
  markStart: () => void,
  cleanup: () => Promise<void> = async () => {},
): Promise<Launched> {
  await mkdir(dirname(job.logFile), { recursive: true });
  const log = createWriteStream(job.logFile, { flags: 'a' });
  const split = lineSplitter((line) => job.onOutput?.(line));
  const [cmd, ...args] = [...dieWithHarness(), ...argv] as [string, ...string[]];
  markStart();
  const child = execa(cmd, args, {
    env: env.vars,
    extendEnv: env.extend,
    reject: false,
    all: true,
    buffer: false,
    stdin: 'ignore',
  });
  child.all?.on('data', (d: Buffer) => {
    log.write(d);
    split(d.toString());
  });
  const exited: Launched['exited'] = child.then((r) => {
    log.end();
    const neverStarted = r.failed && r.exitCode === undefined && !r.signal;
    return {
      exitCode: r.exitCode ?? null,
      signal: r.signal ?? null,
      ...(neverStarted ? { startError: r.shortMessage } : {}),
    };
  });
  return {
    exited,
    terminate: () => {
      child.kill('SIGTERM');
      return Promise.resolve();
    },
    cleanup,
  };
}
