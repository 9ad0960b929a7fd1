import { readdir, readFile } from 'node:fs/promises';
import Docker from 'dockerode';
import { LABEL } from '../../harness/images/docker.ts';
import { rootfsCacheDir } from '../../harness/executors/rootfs.ts';
import { runRootsDir } from '../../harness/executors/pristine-root.ts';

/** Containers created by deploybench that still exist. */
export async function leftoverContainers(): Promise<string[]> {
  const list = await new Docker().listContainers({ all: true, filters: { label: [`${LABEL}=job`] } });
  return list.map((c) => c.Id);
}

/** Job cgroups of deploybench runs left under /deploybench in any hierarchy (the sampler's own tests name theirs `test-*` and check them themselves). */
export async function leftoverCgroups(): Promise<string[]> {
  const roots = [
    '/sys/fs/cgroup/memory/deploybench',
    '/sys/fs/cgroup/cpuacct/deploybench',
    '/sys/fs/cgroup/deploybench',
  ];
  const out: string[] = [];
  for (const r of roots) {
    const entries = await readdir(r, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('test-')) out.push(`${r}/${e.name}`);
  }
  return out;
}

/** Mount points under the bare-metal caches (exported root filesystems, per-run roots). */
export async function leftoverMounts(): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  const dirs = [rootfsCacheDir(), runRootsDir()];
  return text
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((p) => dirs.some((dir) => p.startsWith(`${dir}/`)));
}

/** Per-run bare-metal roots (writable layers) still on disk. */
export async function leftoverRunRoots(): Promise<string[]> {
  return (await readdir(runRootsDir()).catch(() => [])).map((n) => `${runRootsDir()}/${n}`);
}

/** Host processes whose command line contains `needle`. */
export async function processesMatching(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const e of await readdir('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const cmd = await readFile(`/proc/${e}/cmdline`, 'utf8').catch(() => '');
    if (cmd.replace(/\0/g, ' ').includes(needle) && Number(e) !== process.pid) pids.push(Number(e));
  }
  return pids;
}
