import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { librariesFromLdconfig, parseModuleVersion } from '../../../harness/executors/driver-libs.ts';

describe('host driver discovery', () => {
  it('reads the kernel module version as /proc/driver/nvidia/version writes it', () => {
    expect(
      parseModuleVersion(
        'NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC 2024\nGCC version:  gcc version 12.2.0',
      ),
    ).toBe('550.54.14');
    expect(
      parseModuleVersion('NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.86.15  Release Build'),
    ).toBe('570.86.15');
    expect(parseModuleVersion('garbage')).toBeNull();
  });

  it('keeps driver libraries of the running version from ldconfig -p, drops other names, versions and 32-bit entries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploybench-ld-'));
    for (const f of [
      'libcuda.so.550.54.14',
      'libnvidia-ml.so.550.54.14',
      'libnvidia-ml.so.535.1',
      'libcudart.so.12.4.1',
    ])
      await writeFile(join(dir, f), '');
    await symlink('libcuda.so.550.54.14', join(dir, 'libcuda.so.1'));
    await symlink('libnvidia-ml.so.535.1', join(dir, 'libnvidia-ml.so.1'));
    await symlink('libcudart.so.12.4.1', join(dir, 'libcudart.so.12'));
    const output = [
      '4 libs found in cache `/etc/ld.so.cache`',
      `\tlibcuda.so.1 (libc6,x86-64) => ${dir}/libcuda.so.1`,
      `\tlibcuda.so.1 (libc6) => /usr/lib32/libcuda.so.1`,
      `\tlibcuda.so (libc6,x86-64) => ${dir}/libcuda.so.1`,
      `\tlibnvidia-ml.so.1 (libc6,x86-64) => ${dir}/libnvidia-ml.so.1`,
      `\tlibcudart.so.12 (libc6,x86-64) => ${dir}/libcudart.so.12`,
    ].join('\n');
    // libnvidia-ml resolves to a 535 file (a leftover of an older driver): not the running 550 module's.
    expect(await librariesFromLdconfig(output, '550.54.14')).toEqual([
      { soname: 'libcuda.so.1', hostPath: join(dir, 'libcuda.so.550.54.14') },
    ]);
  });
});
