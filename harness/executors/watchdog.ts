import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

// Waits for EOF on stdin (the harness died: the kernel closed the pipe's other end) unless told "done" first;
// then SIGTERMs every process in the job's cgroups ($2...), waits up to $1 tenths of a second for them to
// leave, and SIGKILLs what is left (cgroup.kill on v2 where the kernel has it).
const SCRIPT = `
read -r _ && exit 0
procs() { for d in "$@"; do find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null; done; }
tenths=$1; shift
kill -TERM $(procs "$@") 2>/dev/null
i=0
while [ "$i" -lt "$tenths" ]; do [ -z "$(procs "$@")" ] && exit 0; sleep 0.1; i=$((i+1)); done
for d in "$@"; do [ -e "$d/cgroup.kill" ] && echo 1 > "$d/cgroup.kill"; done 2>/dev/null
i=0
while [ -n "$(procs "$@")" ] && [ "$i" -lt 100 ]; do kill -KILL $(procs "$@") 2>/dev/null; sleep 0.05; i=$((i+1)); done
`;

/** A job's watchdog; `release()` once the job has been stopped and its cgroup removed. */
export interface Watchdog {
  release(): void;
}

/**
 * Starts a watchdog for one job: a tiny detached shell (its own session, so a Ctrl-C to the terminal does
 * not reach it) that holds the read end of a pipe from the harness. If the harness dies without releasing
 * it (SIGKILL, a crash, a second Ctrl-C), the kernel closes the pipe and the watchdog stops the job's
 * processes (found through its cgroup `dirs`, container processes included): SIGTERM, then SIGKILL after
 * `graceMs`. It removes nothing: the next start removes the cgroups, containers and mounts (recover.ts).
 */
export function startWatchdog(dirs: string[], graceMs: number): Watchdog {
  const sh = existsSync('/bin/sh') ? '/bin/sh' : 'sh';
  const child = spawn(sh, ['-c', SCRIPT, 'deploybench-watchdog', String(Math.ceil(graceMs / 100)), ...dirs], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  // Neither the watchdog nor its pipe may keep the harness's event loop alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  return {
    release: () => {
      child.stdin.end('done\n');
    },
  };
}
