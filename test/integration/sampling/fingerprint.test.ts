import { availableParallelism, totalmem } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { formatFingerprint, hostFingerprint, hostFingerprintSchema } from '../../../harness/sampling/fingerprint.ts';
import { buildFakeNvml } from '../../fixtures/build.ts';
import { writeFakeNvmlScript } from '../../fixtures/nvml/fake-nvml.ts';

describe('hostFingerprint', () => {
  afterEach(() => {
    delete process.env.DEPLOYBENCH_NVML_LIB;
    delete process.env.FAKE_NVML_SCRIPT;
  });

  it('describes this host and validates against its schema', async () => {
    process.env.DEPLOYBENCH_NVML_LIB = '/nonexistent/libnvidia-ml.so.1';
    const value = await hostFingerprint();
    expect(hostFingerprintSchema.parse(value)).toEqual(value);
    expect(value.cpu.logicalCpus).toBe(availableParallelism());
    expect(value.memoryTotalBytes).toBe(totalmem());
    expect(value.os.kernel?.length).toBeGreaterThan(0);
    expect([1, 2]).toContain(value.cgroupVersion);
    expect(value.nvml?.available).toBe(false);
    expect(formatFingerprint(value)).toContain(
      `nvml    unavailable: Cannot load the NVIDIA management library /nonexistent/libnvidia-ml.so.1`,
    );
  });

  it('lists GPUs with UUID, memory and driver from NVML when it works', async () => {
    process.env.DEPLOYBENCH_NVML_LIB = await buildFakeNvml();
    const script = await writeFakeNvmlScript({
      driver: '535.183.01',
      devices: [
        {
          uuid: 'GPU-feed',
          name: 'NVIDIA A100-SXM4-40GB',
          totalBytes: 40 * 1024 ** 3,
          usedBytes: 0,
          util: [0, 0],
          computeCapability: [8, 0],
        },
      ],
    });
    process.env.FAKE_NVML_SCRIPT = script.path;
    const value = await hostFingerprint();
    expect(value.gpus).toEqual([
      {
        name: 'NVIDIA A100-SXM4-40GB',
        uuid: 'GPU-feed',
        memoryTotalBytes: 40 * 1024 ** 3,
        driverVersion: '535.183.01',
        computeCapability: '8.0',
        source: 'nvml',
      },
    ]);
    expect(value.nvml).toEqual({ available: true, reason: 'NVML 535.183.01: 1 device(s)' });
  });
});
