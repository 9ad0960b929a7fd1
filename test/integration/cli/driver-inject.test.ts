// Bare metal gets the host's NVIDIA driver libraries, as the container toolkit gives a container: against a
// stand-in driver (real symbols and sonames, see test/fixtures/cuda), a bare-metal job that asks for GPUs
// loads the host's libcuda.so.1, never the image's own copy, and the stack's filesystem keeps no trace.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../harness/results/schema.ts';
import {
  DECOY_CUDA_VERSION,
  FAKE_CUDA_VERSION,
  LIBCUDA_PROBE,
  makeFakeDriver,
  type FakeDriver,
} from '../../fixtures/cuda/fake-driver.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';
import { leftoverMounts, leftoverRunRoots } from '../../helpers/leftovers.ts';

const skip = await skipWithoutDocker();
const DECOY_IMAGE = 'deploybench-test/decoy-libcuda:1';

describe.skipIf(skip)('host driver libraries in bare metal', () => {
  let dir: string;
  let driver: FakeDriver;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deploybench-driver-'));
    driver = await makeFakeDriver(dir);
    const built = await cli(['build', 'torch-2.6-debian13']);
    const tag = /(deploybench\/torch-2\.6-debian13:[0-9a-f]+)/.exec(built.stdout + built.stderr)?.[1];
    expect(tag, built.stderr).toBeTruthy();
    const ctx = join(dir, 'ctx');
    await execa('mkdir', ['-p', ctx]);
    await copyFile(driver.decoyLibcuda, join(ctx, 'libcuda.so.1'));
    // The image's own driver library, where Debian's libcuda1 puts it, known to the image's loader cache.
    await writeFile(
      join(ctx, 'Dockerfile'),
      `FROM ${tag}\nCOPY libcuda.so.1 /usr/lib/x86_64-linux-gnu/libcuda.so.1\nRUN ldconfig\n`,
    );
    await execa('docker', ['build', '-q', '--network', 'none', '-t', DECOY_IMAGE, ctx]);
  }, 300_000);

  afterAll(async () => {
    await execa('docker', ['rmi', '-f', DECOY_IMAGE], { reject: false });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const measure = async (args: string[], env: Record<string, string>) => {
    const r = await cli(
      [
        'measure',
        '--image',
        DECOY_IMAGE,
        '--deployment',
        'bare-metal',
        '--json',
        ...args,
        '--',
        'python3',
        '-c',
        LIBCUDA_PROBE,
      ],
      env,
    );
    const record = JSON.parse(r.stdout) as RunRecord;
    const probe = /probe (\d+) (\S+)/.exec(r.stderr);
    return { record, version: Number(probe?.[1]), path: probe?.[2], stderr: r.stderr };
  };

  it('a job that asks for GPUs loads the host stand-in, not the image copy; the record names what was injected', async () => {
    const r = await measure(['--gpus', 'all'], driver.env);
    expect(r.record.status, r.stderr).toBe('ok');
    expect(r.version).toBe(FAKE_CUDA_VERSION);
    expect(r.path).toBe('/usr/lib/deploybench-host-driver/libcuda.so.1');
    expect(r.record.hostDriver).toEqual({
      version: '550.54.15',
      injected: [
        { soname: 'libcuda.so.1', hostPath: join(driver.libDir, 'libcuda.so.550.54.15') },
        { soname: 'libnvidia-ml.so.1', hostPath: join(driver.libDir, 'libnvidia-ml.so.550.54.15') },
      ],
      note: null,
    });
    // The bound files are the run's own mount points, not writes of the job.
    expect(r.record.filesystemWrites).toEqual({ count: 0, paths: [] });
    // Nothing stays: no mount, no run root, and the image itself never had the folder.
    expect(await leftoverMounts()).toEqual([]);
    expect(await leftoverRunRoots()).toEqual([]);
    const inImage = await execa('docker', ['run', '--rm', DECOY_IMAGE, 'ls', '/usr/lib/deploybench-host-driver'], {
      reject: false,
    });
    expect(inImage.exitCode).not.toBe(0);
    expect(await readFile('/proc/self/mountinfo', 'utf8')).not.toContain('deploybench-host-driver');
  }, 120_000);

  it('without --gpus the image copy is what the job gets (so the test above proves the injection wins)', async () => {
    const r = await measure([], driver.env);
    expect(r.record.status, r.stderr).toBe('ok');
    expect(r.version).toBe(DECOY_CUDA_VERSION);
    expect(r.path).toBe('/usr/lib/x86_64-linux-gnu/libcuda.so.1');
    expect(r.record.hostDriver).toBeUndefined();
  }, 120_000);

  it('no driver on the host: nothing is injected, and the record says why', async () => {
    const r = await measure(['--gpus', 'all'], {
      DEPLOYBENCH_NVIDIA_VERSION_FILE: join(dir, 'absent'),
      DEPLOYBENCH_LDCONFIG_CACHE: driver.env.DEPLOYBENCH_LDCONFIG_CACHE!,
    });
    expect(r.record.status, r.stderr).toBe('ok');
    expect(r.version).toBe(DECOY_CUDA_VERSION);
    expect(r.record.hostDriver).toEqual({
      version: null,
      injected: [],
      note: `nothing injected: no NVIDIA kernel driver (${join(dir, 'absent')} is absent)`,
    });
  }, 120_000);
});
