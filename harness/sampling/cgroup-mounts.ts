import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';

/** One cgroup filesystem mounted on the host, from /proc/self/mountinfo. */
export interface CgroupMount {
  /** Where it is mounted, e.g. `/sys/fs/cgroup/memory`. */
  mountPoint: string;
  /** 1 for `cgroup`, 2 for `cgroup2`. */
  version: 1 | 2;
  /** v1 controllers of this hierarchy (e.g. `['cpu', 'cpuacct']`, or `['name=systemd']`); empty for v2. */
  controllers: string[];
}

/** Where the counters of each kind live, and every hierarchy a job's cgroup may appear in. */
export interface CgroupLayout {
  version: 1 | 2;
  /** Hierarchy holding the CPU counters (v1 cpuacct, or the unified root). */
  cpuRoot: string;
  /** Hierarchy holding the memory counters and the processes we list (v1 memory, or the unified root). */
  memoryRoot: string;
  /** Every cgroup hierarchy mounted (Docker's cgroupfs driver creates the parent in all of them). */
  allRoots: string[];
}

/** Parses /proc/self/mountinfo text into the cgroup mounts it lists (pure). */
export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const fields = left.split(' ');
    const [fsType, , superOptions = ''] = right.split(' ');
    const mountPoint = fields[4];
    if (mountPoint === undefined) continue;
    const decoded = mountPoint.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
    if (fsType === 'cgroup2') mounts.push({ mountPoint: decoded, version: 2, controllers: [] });
    if (fsType === 'cgroup') {
      const controllers = superOptions
        .split(',')
        .filter(
          (o) =>
            !['rw', 'ro'].includes(o) &&
            !o.startsWith('release_agent') &&
            o !== 'clone_children' &&
            o !== 'noprefix' &&
            o !== 'xattr' &&
            o !== 'cpuset_v2_mode',
        );
      mounts.push({ mountPoint: decoded, version: 1, controllers });
    }
  }
  return mounts;
}

/**
 * cgroup version of the host: 2 when `<root>/cgroup.controllers` exists (unified hierarchy mounted at the
 * root), else 1 (legacy or hybrid; a hybrid host's `unified` mount carries no controllers and is not used).
 */
export async function detectCgroupVersion(root = '/sys/fs/cgroup'): Promise<1 | 2> {
  try {
    await access(join(root, 'cgroup.controllers'));
    return 2;
  } catch {
    return 1;
  }
}

let cached: Promise<CgroupLayout> | undefined;

/** The host's cgroup layout, read once per process. Throws E_CGROUP when the controllers we need are missing. */
export function cgroupLayout(): Promise<CgroupLayout> {
  cached ??= readLayout().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function readLayout(): Promise<CgroupLayout> {
  const mounts = parseCgroupMounts(await readFile('/proc/self/mountinfo', 'utf8'));
  const version = await detectCgroupVersion();
  const allRoots = [...new Set(mounts.map((m) => m.mountPoint))];
  if (version === 2) {
    const unified =
      mounts.find((m) => m.version === 2 && m.mountPoint === '/sys/fs/cgroup') ?? mounts.find((m) => m.version === 2);
    if (!unified) throw noCgroups('no cgroup2 filesystem is mounted');
    return { version, cpuRoot: unified.mountPoint, memoryRoot: unified.mountPoint, allRoots };
  }
  const cpu = mounts.find((m) => m.controllers.includes('cpuacct'));
  const memory = mounts.find((m) => m.controllers.includes('memory'));
  if (!cpu || !memory) {
    throw noCgroups(`cgroup v1 without the ${!cpu ? 'cpuacct' : 'memory'} controller mounted`);
  }
  return { version, cpuRoot: cpu.mountPoint, memoryRoot: memory.mountPoint, allRoots };
}

function noCgroups(what: string): HarnessError {
  return new HarnessError('E_CGROUP', `Cannot measure jobs: ${what} (read from /proc/self/mountinfo).`, {
    fix: 'Run on Linux with the cpuacct and memory cgroup controllers (v1) or a cgroup2 unified hierarchy mounted at /sys/fs/cgroup.',
  });
}
