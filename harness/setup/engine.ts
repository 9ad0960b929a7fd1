// The Docker engine as `deploybench setup` sees it: whether one answers where the harness connects
// (DOCKER_HOST, else the default socket), the dockerd command line that starts one, starting it detached
// with its output in a log file, and waiting until it answers. A running dockerd is never restarted.
import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { HarnessError } from '../core/errors.ts';
import { engineGet } from '../images/image-lookup.ts';

/** Where and how a dockerd is started. */
export interface EngineOptions {
  /** Unix socket the engine listens on (and the harness connects to). */
  socket: string;
  /** dockerd's pidfile: a live PID there means an engine is already running (or starting). */
  pidfile: string;
  /** File dockerd's output is appended to. */
  log: string;
  /** dockerd --data-root (images, containers); dockerd's default when absent. */
  dataRoot?: string;
  /** dockerd --exec-root (runtime state, containerd socket); dockerd's default when absent. */
  execRoot?: string;
  /** More dockerd arguments, as given (e.g. --bridge=NAME of its own for a second engine). */
  extraArgs: string[];
  /** Seconds to wait for the engine to answer. */
  timeoutSeconds: number;
}

/** What the answering engine says about itself. */
export interface EngineFacts {
  version: string;
  storageDriver: string;
  /** "1" or "2". */
  cgroupVersion: string;
  /** "cgroupfs" or "systemd". */
  cgroupDriver: string;
}

/** Whether an engine answers a ping on `socket` (no dockerode: it loads slower than the whole no-op takes). */
export async function engineAnswers(socket: string): Promise<boolean> {
  return engineGet(socket, '/_ping').then(
    (r) => r.status === 200,
    () => false,
  );
}

/** Version, storage driver and cgroup facts of the engine on `socket`. */
export async function engineFacts(socket: string): Promise<EngineFacts> {
  const [version, info] = await Promise.all([engineGet(socket, '/version'), engineGet(socket, '/info')]);
  const v = JSON.parse(version.body) as { Version?: string };
  const i = JSON.parse(info.body) as { Driver?: string; CgroupVersion?: string; CgroupDriver?: string };
  return {
    version: v.Version ?? '?',
    storageDriver: i.Driver ?? '?',
    cgroupVersion: i.CgroupVersion ?? '1',
    cgroupDriver: i.CgroupDriver ?? '?',
  };
}

/** dockerd's arguments: the cgroupfs driver (the harness reads job cgroups under it), the socket, the pidfile. */
export function dockerdArgs(o: EngineOptions): string[] {
  return [
    '--exec-opt',
    'native.cgroupdriver=cgroupfs',
    '-H',
    `unix://${o.socket}`,
    '--pidfile',
    o.pidfile,
    ...(o.dataRoot ? ['--data-root', o.dataRoot] : []),
    ...(o.execRoot ? ['--exec-root', o.execRoot] : []),
    ...o.extraArgs,
  ];
}

// A word as a POSIX shell reads it back unchanged.
function shellWord(w: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(w) ? w : `'${w.replaceAll("'", "'\\''")}'`;
}

/** The shell line that starts the engine detached, as printed for the user to run. */
export function dockerdCommandLine(o: EngineOptions): string {
  return `(dockerd ${dockerdArgs(o).map(shellWord).join(' ')} >>${shellWord(o.log)} 2>&1 &)`;
}

// Whether process `pid` exists (EPERM: it does, owned by another user).
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID in `pidfile` when that process is alive, else null. */
export async function livePid(pidfile: string): Promise<number | null> {
  const pid = Number((await readFile(pidfile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return alive(pid) ? pid : null;
}

/** Starts dockerd detached (it outlives this process), its output appended to `o.log`; returns its PID. */
export async function startDockerd(o: EngineOptions): Promise<number> {
  const log = await open(o.log, 'a');
  try {
    const child = spawn('dockerd', dockerdArgs(o), { detached: true, stdio: ['ignore', log.fd, log.fd] });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => resolve(child.pid ?? 0));
      child.once('error', reject);
    });
    child.unref();
    return pid;
  } finally {
    await log.close();
  }
}

async function logTail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-3).join(' | ');
}

/** Waits until the engine answers on `o.socket`, saying so every 5 s; fails when dockerd `pid` exits or time runs out. */
export async function waitForEngine(o: EngineOptions, pid: number, say: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  let nextNote = 5;
  for (;;) {
    if (await engineAnswers(o.socket)) return (performance.now() - t0) / 1000;
    const waited = (performance.now() - t0) / 1000;
    if (!alive(pid))
      throw new HarnessError('E_DOCKER_UNAVAILABLE', `dockerd (PID ${pid}) exited: ${await logTail(o.log)}`, {
        fix: `read ${o.log}, fix what it says, then run deploybench setup again`,
      });
    if (waited >= o.timeoutSeconds)
      throw new HarnessError(
        'E_DOCKER_UNAVAILABLE',
        `dockerd (PID ${pid}) did not answer on ${o.socket} within ${o.timeoutSeconds} s (it is left running)`,
        { fix: `read ${o.log}; wait longer with --timeout SECONDS` },
      );
    if (waited >= nextNote) {
      say(`  waiting for the engine on ${o.socket} (${Math.floor(waited)} s of ${o.timeoutSeconds} s)`);
      nextNote += 5;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
