import { docker, removeDeadOwnerContainers } from '../images/docker.ts';
import { cleanupDeadOwnerCgroups } from '../sampling/cgroup.ts';
import { cleanupStaleRunRoots } from './pristine-root.ts';
import { unmountAllUnder } from './rootfs.ts';

/** What `recoverLeftovers` removed: run ids per kind of leftover. */
export interface Recovered {
  containers: string[];
  cgroups: string[];
  /** Processes still running in those cgroups (a job that outlived its harness), killed. */
  killed: number;
  runRoots: string[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const ids = (list: string[]): string => `${list.slice(0, 3).join(', ')}${list.length > 3 ? ', ...' : ''}`;

/** One line saying what was removed, or null when nothing was. */
export function describeRecovered(r: Recovered): string | null {
  const parts = [
    r.containers.length > 0 ? `${plural(r.containers.length, 'container')} (${ids(r.containers)})` : '',
    r.killed > 0 ? `${plural(r.killed, 'job process')} still running (killed)` : '',
    r.cgroups.length > 0 ? `${plural(r.cgroups.length, 'cgroup')} (${ids(r.cgroups)})` : '',
    r.runRoots.length > 0
      ? `${plural(r.runRoots.length, 'bare-metal run root')} (${ids(r.runRoots)}), mounts undone`
      : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? `removed leftovers of deploybench runs whose harness died: ${parts.join('; ')}` : null;
}

/**
 * Removes what harness processes that are gone left behind (SIGKILL, a crash, a second Ctrl-C), whatever
 * its age: their containers, the processes still in their job cgroups and then the cgroups, and their
 * bare-metal run roots (mounts undone). The order matters: a run root can only be unmounted once nothing
 * runs inside it. What a live harness owns is never touched. Each step that cannot run here (no Docker,
 * no root) is skipped; this is a best effort at start, not a precondition.
 */
export async function recoverLeftovers(): Promise<Recovered> {
  const r: Recovered = { containers: [], cgroups: [], killed: 0, runRoots: [] };
  const engine = await docker()
    .ping()
    .then(
      () => true,
      () => false,
    );
  if (engine) r.containers = await removeDeadOwnerContainers().catch(() => []);
  const cg = await cleanupDeadOwnerCgroups().catch(() => ({ removed: [], killed: 0 }));
  r.cgroups = cg.removed;
  r.killed = cg.killed;
  if (process.getuid?.() === 0) r.runRoots = await cleanupStaleRunRoots(unmountAllUnder).catch(() => []);
  return r;
}

/** Runs `recoverLeftovers` and says what it removed (one line), for the commands that start jobs. */
export async function recoverAndSay(say: (line: string) => void): Promise<void> {
  const line = describeRecovered(await recoverLeftovers());
  if (line) say(line);
}
