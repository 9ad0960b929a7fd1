import { chmod, copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nvmlStatus, openGpuProbe, openGpuProbeWithReason } from '../../../harness/sampling/gpu.ts';
import type { GpuProbe } from '../../../harness/sampling/gpu-types.ts';
import { loadNvml } from '../../../harness/sampling/nvml/binding.ts';
import type { LocalJobCgroup } from '../../../harness/sampling/cgroup.ts';
import { buildFakeNvml, buildFixtures, FIXTURES_DIR, type FixtureProgram } from '../../fixtures/build.ts';
import { measureHostCommand } from '../../fixtures/measure.ts';
import { writeFakeNvmlScript, type FakeDevice, type FakeNvmlHandle } from '../../fixtures/nvml/fake-nvml.ts';
import { skipWithoutRoot } from './env.ts';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const device = (i: number, usedBytes: number, util: [number, number] | null = [40, 10]): FakeDevice => ({
  uuid: `GPU-0000000${i}-fake-4000-8000-00000000000${i}`,
  name: `NVIDIA Fake H100 #${i}`,
  totalBytes: 80 * GIB,
  usedBytes,
  util,
});

let lib: string;
let script: FakeNvmlHandle;
beforeAll(async () => {
  lib = await buildFakeNvml();
  script = await writeFakeNvmlScript({ devices: [device(0, GIB), device(1, 2 * GIB, null)] });
  process.env.FAKE_NVML_SCRIPT = script.path;
});
afterAll(() => {
  delete process.env.FAKE_NVML_SCRIPT;
});

describe('NVML binding against the stand-in (real nvml.h layouts)', () => {
  it('reads driver, devices, memory and utilisation; NOT_SUPPORTED utilisation is null', async () => {
    const nvml = loadNvml(lib);
    await nvml.init();
    expect(await nvml.driverVersion()).toBe('550.54.15');
    expect(await nvml.deviceCount()).toBe(2);
    const d0 = await nvml.deviceHandle(0);
    const d1 = await nvml.deviceHandle(1);
    expect(await nvml.deviceName(d0)).toBe('NVIDIA Fake H100 #0');
    expect(await nvml.deviceUuid(d1)).toBe('GPU-00000001-fake-4000-8000-000000000001');
    expect(await nvml.memoryInfo(d0)).toEqual({ totalBytes: 80 * GIB, freeBytes: 79 * GIB, usedBytes: GIB });
    expect(await nvml.utilization(d0)).toEqual({ gpuPercent: 40, memoryPercent: 10 });
    expect(await nvml.utilization(d1)).toBeNull();
    await nvml.shutdown();
  });

  it('decodes 24-byte process entries, the not-available value, and retries on INSUFFICIENT_SIZE as the list grows', async () => {
    const processes = Array.from({ length: 40 }, (_, i) => ({
      device: 0,
      pid: 1000 + i,
      usedBytes: i === 3 ? null : (i + 1) * MIB,
    }));
    await script.update({ devices: [device(0, GIB)], processes, churn: 20 });
    const nvml = loadNvml(lib);
    await nvml.init();
    const procs = await nvml.computeProcesses(await nvml.deviceHandle(0));
    expect(procs.length).toBeGreaterThan(40); // 40 scripted + the churn, which grew between the retries
    expect(procs[0]).toEqual({
      pid: 1000,
      usedGpuMemoryBytes: MIB,
      gpuInstanceId: 0xffffffff,
      computeInstanceId: 0xffffffff,
    });
    expect(procs[3]?.usedGpuMemoryBytes).toBeNull();
    expect(procs[39]).toMatchObject({ pid: 1039, usedGpuMemoryBytes: 40 * MIB });
    await nvml.shutdown();
  });

  it('reports why NVML is unavailable, and a working one with its devices', async () => {
    await script.update({ devices: [device(0, GIB)], initError: 9 });
    const failed = await nvmlStatus(lib);
    expect(failed.available).toBe(false);
    expect(failed.reason).toBe('nvmlInit_v2 failed: Driver Not Loaded (NVML error 9).');
    await script.update({ devices: [device(0, GIB)] });
    const ok = await nvmlStatus(lib);
    expect(ok).toMatchObject({ available: true, reason: 'NVML 550.54.15: 1 device(s)', driverVersion: '550.54.15' });
    expect(ok.devices?.[0]).toEqual({
      index: 0,
      name: 'NVIDIA Fake H100 #0',
      uuid: 'GPU-00000000-fake-4000-8000-000000000000',
      memoryTotalBytes: 80 * GIB,
      computeCapability: '9.0',
    });
    const missing = await nvmlStatus('/nonexistent/libnvidia-ml.so.1');
    expect(missing.reason).toContain('Cannot load the NVIDIA management library /nonexistent/libnvidia-ml.so.1');
  });

  it('no library and no nvidia-smi: no probe, so gpu is null, not zeros', async () => {
    const attempt = await openGpuProbeWithReason({
      nvmlLib: '/nonexistent/libnvidia-ml.so.1',
      nvidiaSmi: '/nonexistent/nvidia-smi',
    });
    expect(attempt.probe).toBeNull();
    expect(attempt.reason).toContain('no nvidia-smi on PATH');
  });
});

// Scripts the stand-in while a forker job runs: the job's parent and two children on GPU 0 and 1, plus
// a foreign process (this test runner) that must not be counted and an entry NVML cannot measure.
async function scriptJob(cgroup: LocalJobCgroup, base: number): Promise<void> {
  await sleep(300);
  const [parent, child1, child2] = (await cgroup.pids()).sort((a, b) => a - b);
  const procs = (child1Bytes: number): { device: number; pid: number; usedBytes: number | null }[] => [
    { device: 0, pid: parent as number, usedBytes: 100 * MIB },
    { device: 1, pid: child1 as number, usedBytes: child1Bytes },
    { device: 1, pid: child2 as number, usedBytes: null },
    { device: 0, pid: process.pid, usedBytes: 5 * GIB },
  ];
  await script.update({ devices: [device(0, base + GIB), device(1, 2 * GIB, [90, 50])], processes: procs(200 * MIB) });
  await sleep(500);
  await script.update({
    devices: [device(0, base + GIB + 256 * MIB), device(1, 2 * GIB, [90, 50])],
    processes: procs(250 * MIB),
  });
  await sleep(500);
  await script.update({
    devices: [device(0, base), device(1, 2 * GIB, [90, 50])],
    processes: [{ device: 0, pid: process.pid, usedBytes: 5 * GIB }],
  });
}

describe.skipIf(skipWithoutRoot())('GPU figures of a job, per host PID', () => {
  let bin: Record<FixtureProgram, string>;
  beforeAll(async () => {
    bin = await buildFixtures();
  });

  async function measureWith(probe: GpuProbe): Promise<void> {
    const m = await measureHostCommand(
      [bin.forker, '--children', '2', '--seconds', '2', '--mb', '1', '--percent', '5'],
      { gpu: probe, onStarted: (_pid, cg) => scriptJob(cg, GIB) },
    );
    const gpu = m.result.gpu;
    expect(gpu).not.toBeNull();
    expect(gpu?.peakBytes).toBe(350 * MIB); // parent 100 + child1 250; not the foreign 5 GiB, not the N/A entry
    expect(gpu?.baselineBytes).toBe(3 * GIB);
    expect(gpu?.devicePeakBytes).toBe(GIB + 256 * MIB);
    expect(gpu?.frameworkPeakBytes).toBeNull();
    expect(gpu?.devices).toEqual([
      'GPU-00000000-fake-4000-8000-000000000000',
      'GPU-00000001-fake-4000-8000-000000000001',
    ]);
    expect(gpu?.avgUtilPercent).toBeGreaterThan(40);
    expect(gpu?.avgUtilPercent).toBeLessThan(90);
    expect(m.result.samples.some((s) => s.gpuMemoryBytes === 350 * MIB)).toBe(true);
    expect(m.result.samples[0]?.gpuMemoryBytes).toBe(0);
    await probe.close();
  }

  it('through NVML', async () => {
    await script.update({ devices: [device(0, GIB), device(1, 2 * GIB, null)] });
    const probe = await openGpuProbe({ nvmlLib: lib, nvidiaSmi: null });
    expect(probe?.source).toBe('nvml');
    await measureWith(probe as GpuProbe);
  });

  it('through the nvidia-smi fallback when the library cannot be loaded', async () => {
    await script.update({ devices: [device(0, GIB), device(1, 2 * GIB, null)] });
    const dir = await mkdtemp(join(tmpdir(), 'fake-smi-'));
    await copyFile(join(FIXTURES_DIR, 'nvml', 'nvidia-smi'), join(dir, 'nvidia-smi'));
    await chmod(join(dir, 'nvidia-smi'), 0o755);
    const probe = await openGpuProbe({
      nvmlLib: '/nonexistent/libnvidia-ml.so.1',
      nvidiaSmi: join(dir, 'nvidia-smi'),
      smiPeriodMs: 50,
    });
    expect(probe?.source).toBe('nvidia-smi');
    await measureWith(probe as GpuProbe);
  });
});
