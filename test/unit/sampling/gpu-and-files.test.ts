import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../harness/results/schema.ts';
import { gpuMetrics, readingFromSnapshots } from '../../../harness/sampling/gpu-types.ts';
import { formatFingerprint, type HostFingerprint } from '../../../harness/sampling/fingerprint.ts';
import {
  formatSamplesNdjson,
  parseSamplesNdjson,
  readSamplesNdjson,
  writeSamplesNdjson,
} from '../../../harness/results/ndjson.ts';
import { decodeProcesses } from '../../../harness/sampling/nvml/decode.ts';

describe('per-PID GPU accounting', () => {
  const devices = [
    {
      usedBytes: 5000,
      utilPercent: 80,
      processes: [
        { pid: 10, usedBytes: 1000 },
        { pid: 99, usedBytes: 3000 },
        { pid: 11, usedBytes: null },
      ],
    },
    { usedBytes: 700, utilPercent: 20, processes: [{ pid: 12, usedBytes: 500 }] },
    { usedBytes: 100, utilPercent: 0, processes: [] },
  ];

  it('sums only the job PIDs, ignores foreign ones and entries NVML cannot measure', () => {
    const r = readingFromSnapshots(devices, [10, 11, 12]);
    expect(r).toEqual({ processBytes: 1500, deviceUsedBytes: 5800, utilPercent: 50 });
  });

  it('gives 0 for a job with no process on a GPU, null when all its entries are not available', () => {
    expect(readingFromSnapshots(devices, [1]).processBytes).toBe(0);
    expect(readingFromSnapshots(devices, [1]).utilPercent).toBeCloseTo(100 / 3, 9);
    expect(readingFromSnapshots(devices, [11]).processBytes).toBeNull();
  });

  it('makes metrics: peak of the job, device peak above the baseline, mean utilisation', () => {
    const readings = [
      { processBytes: 0, deviceUsedBytes: 1000, utilPercent: 0 },
      { processBytes: 300, deviceUsedBytes: 1400, utilPercent: 90 },
      { processBytes: 200, deviceUsedBytes: 1300, utilPercent: null },
    ];
    expect(gpuMetrics(readings, 1000, { source: 'nvml', devices: ['GPU-a'] })).toEqual({
      peakBytes: 300,
      devicePeakBytes: 400,
      baselineBytes: 1000,
      frameworkPeakBytes: null,
      avgUtilPercent: 45,
      source: 'nvml',
      devices: ['GPU-a'],
    });
  });
});

describe('nvmlProcessInfo_t v3 decoding', () => {
  it('reads 24-byte entries: pid @0, usedGpuMemory @8, instance ids @16/@20; all-ones memory is null', () => {
    const buf = Buffer.alloc(48);
    buf.writeUInt32LE(4242, 0);
    buf.writeBigUInt64LE(123456789012n, 8);
    buf.writeUInt32LE(1, 16);
    buf.writeUInt32LE(2, 20);
    buf.writeUInt32LE(7, 24);
    buf.writeBigUInt64LE(0xffffffffffffffffn, 32);
    expect(decodeProcesses(buf, 2)).toEqual([
      { pid: 4242, usedGpuMemoryBytes: 123456789012, gpuInstanceId: 1, computeInstanceId: 2 },
      { pid: 7, usedGpuMemoryBytes: null, gpuInstanceId: 0, computeInstanceId: 0 },
    ]);
  });
});

describe('samples NDJSON', () => {
  const samples: Sample[] = [
    { t: 0.00051234, cpuPercent: null, memoryBytes: null, gpuMemoryBytes: null, gpuUtilPercent: null },
    { t: 0.1002, cpuPercent: 99.123456, memoryBytes: 1024, gpuMemoryBytes: 0, gpuUtilPercent: 12.5 },
  ];

  it('writes one object a line with the columns in order', () => {
    expect(formatSamplesNdjson(samples)).toBe(
      '{"t":0.0005,"cpuPercent":null,"memoryBytes":null,"gpuMemoryBytes":null,"gpuUtilPercent":null}\n' +
        '{"t":0.1002,"cpuPercent":99.123,"memoryBytes":1024,"gpuMemoryBytes":0,"gpuUtilPercent":12.5}\n',
    );
  });

  it('round-trips through a file written atomically (no temp file left)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'samples-'));
    const file = join(dir, 'rep-1.samples.ndjson');
    await writeSamplesNdjson(file, samples);
    expect(await readdir(dir)).toEqual(['rep-1.samples.ndjson']);
    const back = await readSamplesNdjson(file);
    expect(back[1]).toEqual({
      t: 0.1002,
      cpuPercent: 99.123,
      memoryBytes: 1024,
      gpuMemoryBytes: 0,
      gpuUtilPercent: 12.5,
    });
    expect(formatSamplesNdjson(back)).toBe(await readFile(file, 'utf8'));
  });

  it('refuses a damaged line, naming the file and the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'samples-'));
    const file = join(dir, 'bad.ndjson');
    await writeFile(
      file,
      '{"t":0,"cpuPercent":null,"memoryBytes":null,"gpuMemoryBytes":null,"gpuUtilPercent":null}\n{"t":1,"cpuPercent":"x"}\n',
    );
    await expect(readSamplesNdjson(file)).rejects.toThrow(`${file}:2: not a sample`);
    expect(() => parseSamplesNdjson('{oops\n')).toThrow('samples:1: not a sample (not JSON)');
  });
});

describe('formatFingerprint', () => {
  it('prints one aligned line per fact', () => {
    const fp: HostFingerprint = {
      collectedAt: '2025-01-01T00:00:00.000Z',
      hostname: 'node1',
      cpu: { model: 'AMD EPYC', vendor: 'AMD', physicalCores: 2, logicalCpus: 4, baseGhz: 2.4, maxGhz: 3.7 },
      memoryTotalBytes: 16 * 1024 ** 3,
      os: { distro: 'Debian GNU/Linux', release: '12', codename: 'bookworm', kernel: '6.1.0', arch: 'x64' },
      cgroupVersion: 2,
      docker: { version: '20.10.24', apiVersion: '1.41', cgroupDriver: 'cgroupfs', storageDriver: 'overlay2' },
      dockerError: null,
      gpus: [
        {
          name: 'NVIDIA H100',
          uuid: 'GPU-1',
          memoryTotalBytes: 80 * 1024 ** 3,
          driverVersion: '550.54.15',
          computeCapability: '9.0',
          source: 'nvml',
        },
      ],
      nvml: { available: true, reason: 'NVML 550.54.15: 1 device(s)' },
    };
    expect(formatFingerprint(fp)).toBe(
      [
        'host    node1',
        'cpu     AMD EPYC (2 cores, 4 threads, 2.4-3.7 GHz)',
        'memory  16.0 GiB',
        'os      Debian GNU/Linux 12 (bookworm), kernel 6.1.0, x64',
        'cgroup  v2',
        'docker  20.10.24 (API 1.41, cgroup driver cgroupfs, storage overlay2)',
        'gpu 0   NVIDIA H100, 80.0 GiB, driver 550.54.15, GPU-1',
        'nvml    available: NVML 550.54.15: 1 device(s)',
        '',
      ].join('\n'),
    );
  });
});
