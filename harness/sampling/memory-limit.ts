import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { jobCgroupDirs } from './cgroup.ts';
import type { JobCgroup } from './types.ts';

/**
 * Caps the memory of a host job's cgroup (v1 memory.limit_in_bytes, v2 memory.max with no swap), for
 * `deploybench measure --memory-limit`: fault tests and users who want to see an OOM. Matrix runs never
 * set one (bare metal stays unlimited); containers get Docker's own limit instead.
 */
export async function applyMemoryLimit(cgroup: JobCgroup, bytes: number): Promise<void> {
  const { memoryDir } = await jobCgroupDirs(cgroup);
  const files =
    cgroup.version === 1
      ? [['memory.limit_in_bytes', String(bytes)]]
      : [
          ['memory.max', String(bytes)],
          ['memory.swap.max', '0'],
        ];
  for (const [file, value] of files as [string, string][]) {
    try {
      await writeFile(join(memoryDir, file), value);
    } catch (cause) {
      // A v2 host without swap accounting has no memory.swap.max: the limit alone is enough there.
      if (file === 'memory.swap.max' && (cause as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new HarnessError(
        'E_CGROUP',
        `cannot set ${join(memoryDir, file)} to ${value}: ${(cause as Error).message}`,
        { fix: 'run as root on a host with the memory controller enabled', cause },
      );
    }
  }
}
