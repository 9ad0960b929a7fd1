import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError, internalError } from '../core/errors.ts';
import { cgroupLayout, type CgroupLayout } from './cgroup-mounts.ts';
import { killTree, removeTree, treePids } from './cgroup-tree.ts';
import { trackCgroup, untrackCgroup } from './cgroup-registry.ts';
import type { JobCgroup } from './types.ts';

export { detectCgroupVersion } from './cgroup-mounts.ts';
export {
  cleanupDeadOwnerCgroups,
  cleanupStaleCgroups,
  type DeadOwnerCleanup,
  type StaleCleanup,
} from './cgroup-stale.ts';
export { installCgroupCleanup, removeTrackedCgroups } from './cgroup-registry.ts';

/** Folder under every cgroup hierarchy that holds the jobs' cgroups. */
export const CGROUP_PARENT = 'deploybench';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@+=-]{0,200}$/;

/** A JobCgroup created by this module, with the absolute directories the sampler reads. */
export interface LocalJobCgroup extends JobCgroup {
  /** Directory holding the CPU counters (v1 cpuacct hierarchy, or the unified one). */
  readonly cpuDir: string;
  /** Directory holding the memory counters and the processes (v1 memory hierarchy, or the unified one). */
  readonly memoryDir: string;
}

/** Absolute counter directories of a JobCgroup: its own when it made them, else from the host layout and its relative path. */
export async function jobCgroupDirs(cgroup: JobCgroup): Promise<{ cpuDir: string; memoryDir: string }> {
  if ('cpuDir' in cgroup && 'memoryDir' in cgroup)
    return { cpuDir: String(cgroup.cpuDir), memoryDir: String(cgroup.memoryDir) };
  const layout = await cgroupLayout();
  return { cpuDir: join(layout.cpuRoot, cgroup.relPath), memoryDir: join(layout.memoryRoot, cgroup.relPath) };
}

/**
 * Creates the accounting cgroup `/deploybench/<id>` (no limits) in the cpuacct and memory hierarchies
 * (v1) or the unified tree (v2, with +cpu +memory enabled for the children of `/deploybench`).
 * Requires root. The cgroup is tracked so `installCgroupCleanup` can remove it if the harness dies.
 * `options.layout` overrides the host's layout (tests use it to exercise the v2 code on a hybrid host).
 */
export async function createJobCgroup(id: string, options: { layout?: CgroupLayout } = {}): Promise<LocalJobCgroup> {
  if (!ID_PATTERN.test(id)) {
    throw internalError(
      `Invalid job cgroup id \`${id}\`: expected letters, digits and _.@+=- (at most 201 characters).`,
    );
  }
  const layout = options.layout ?? (await cgroupLayout());
  const relPath = `/${CGROUP_PARENT}/${id}`;
  const dirs =
    layout.version === 2
      ? [join(layout.cpuRoot, relPath)]
      : [join(layout.cpuRoot, relPath), join(layout.memoryRoot, relPath)];
  try {
    if (layout.version === 2) await enableV2Controllers(layout.cpuRoot);
    for (const dir of dirs) await mkdir(dir, { recursive: true });
  } catch (error) {
    if (error instanceof HarnessError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new HarnessError(
      code === 'EACCES' || code === 'EPERM' ? 'E_NOT_ROOT' : 'E_CGROUP',
      `Cannot create the job cgroup ${dirs.join(' and ')}: ${code ?? String(error)}.`,
      {
        fix:
          code === 'EACCES' || code === 'EPERM'
            ? 'Run deploybench as root (sudo), it creates one cgroup per job.'
            : 'Check that the cgroup filesystem is mounted read-write (`mount | grep cgroup`).',
        cause: error,
      },
    );
  }
  const cgroup = makeJobCgroup(layout, relPath);
  trackCgroup(
    cgroup,
    layout.allRoots.map((root) => join(root, relPath)),
  );
  return cgroup;
}

// Enables the cpu and memory controllers for /deploybench's children (v2), where the kernel offers them (a
// hybrid host's unified tree offers none; cpu.stat exists regardless). The job cgroups hold processes, so no
// controllers are enabled below them.
async function enableV2Controllers(root: string): Promise<void> {
  const parent = join(root, CGROUP_PARENT);
  await mkdir(parent, { recursive: true });
  for (const dir of [root, parent]) {
    const words = async (file: string): Promise<string[]> => (await readFile(join(dir, file), 'utf8')).split(/\s+/);
    const [available, enabled] = await Promise.all([words('cgroup.controllers'), words('cgroup.subtree_control')]);
    const missing = ['cpu', 'memory'].filter((c) => available.includes(c) && !enabled.includes(c));
    if (missing.length > 0) await writeFile(join(dir, 'cgroup.subtree_control'), missing.map((c) => `+${c}`).join(' '));
  }
}

function makeJobCgroup(layout: CgroupLayout, relPath: string): LocalJobCgroup {
  const cpuDir = join(layout.cpuRoot, relPath);
  const memoryDir = join(layout.memoryRoot, relPath);
  const procsFiles = [...new Set([cpuDir, memoryDir])].map((d) => join(d, 'cgroup.procs'));
  let removed = false;
  const cgroup: LocalJobCgroup = {
    version: layout.version,
    relPath,
    dockerCgroupParent: relPath,
    cpuDir,
    memoryDir,
    wrapCommand(argv) {
      if (argv.length === 0) throw internalError('wrapCommand needs a command, got an empty argv.');
      const enter = procsFiles.map((f) => `echo $$ > '${f}'`).join(' && ');
      // The shell exports PWD (a host path) to what it execs: unset, so the job sees the same environment in every deployment.
      const script = `{ ${enter}; } || { echo "deploybench: cannot enter cgroup ${relPath}" >&2; exit 125; }; unset PWD OLDPWD; exec "$@"`;
      return ['/bin/sh', '-c', script, 'deploybench-job', ...argv];
    },
    pids: () => treePids(memoryDir),
    async killAll() {
      for (const dir of new Set([memoryDir, cpuDir])) await killTree(dir);
    },
    async remove() {
      if (removed) return;
      await cgroup.killAll();
      // Docker's cgroupfs driver creates the parent in every hierarchy (cpu, pids, systemd, ...): remove all.
      for (const root of layout.allRoots) await removeTree(join(root, relPath));
      removed = true;
      untrackCgroup(cgroup);
    },
  };
  return cgroup;
}
