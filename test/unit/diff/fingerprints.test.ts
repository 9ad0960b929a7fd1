import { describe, expect, it } from 'vitest';
import { buildDiff } from '../../../harness/diff/build.ts';
import { campaignInfo, frameworkFingerprints, hostSummary } from '../../../harness/diff/fingerprints.ts';
import { hostFromV1 } from '../../../harness/results/host-v1.ts';
import { makeHost, makeMatrixRecords, makeRecord, makeSide } from './fixtures.ts';

const T = '2026-01-01T00:00:00.000Z';

describe('hostSummary', () => {
  it('reads the typed fingerprint', () => {
    expect(hostSummary(makeHost({ hostname: 'lab-a', cores: 2, driver: '550.54.15', cgroup: 1 }))).toEqual({
      hostname: 'lab-a',
      os: 'Debian GNU/Linux 12',
      kernel: '6.1.0-18-amd64',
      cpuModel: 'Intel(R) Xeon(R) CPU E5-2680 v4',
      cpuCores: 2,
      physicalCores: 2,
      memoryBytes: 8 * 1024 ** 3,
      gpus: ['NVIDIA H200'],
      gpuDriver: '550.54.15',
      docker: '20.10.24',
      cgroupVersion: 1,
    });
  });

  it('reads a schemaVersion 1 host with systeminformation-style fields, once migrated', () => {
    const fp = hostSummary(
      hostFromV1(
        {
          cpu: { manufacturer: 'AMD', brand: 'EPYC 7763', cores: 128, physicalCores: 64 },
          mem: { total: 1024 },
          osInfo: { distro: 'Debian GNU/Linux', release: '13', kernel: '6.12.0', hostname: 'node7' },
          graphics: {
            controllers: [
              { model: 'NVIDIA A100', driverVersion: '535.1' },
              { model: 'NVIDIA A100', driverVersion: '535.1' },
            ],
          },
          dockerVersion: '26.1.5',
          cgroupVersion: '2',
        },
        T,
      ),
    );
    expect(fp).toMatchObject({
      hostname: 'node7',
      cpuModel: 'AMD EPYC 7763',
      cpuCores: 128,
      physicalCores: 64,
      memoryBytes: 1024,
      gpus: ['NVIDIA A100', 'NVIDIA A100'],
      gpuDriver: '535.1',
      docker: '26.1.5',
      cgroupVersion: 2,
      os: 'Debian GNU/Linux 13',
      kernel: '6.12.0',
    });
  });

  it('gives nulls for an empty or odd schemaVersion 1 host record, once migrated', () => {
    const fp = hostSummary(hostFromV1({ cpu: 'weird', memory: { totalBytes: 'lots' }, gpus: [42] }, T));
    expect(fp).toEqual({
      hostname: null,
      os: null,
      kernel: null,
      cpuModel: null,
      cpuCores: null,
      physicalCores: null,
      memoryBytes: null,
      gpus: [],
      gpuDriver: null,
      docker: null,
      cgroupVersion: null,
    });
  });
});

describe('campaignInfo and frameworkFingerprints', () => {
  it('takes the preset from the matrix and the intervals from the ok runs', () => {
    const side = makeSide('results/a', [
      makeRecord({ stack: 's', intervalMs: 50 }),
      makeRecord({ stack: 's', rep: 2, intervalMs: 100 }),
      makeRecord({ stack: 's', rep: 3, intervalMs: 10, status: 'failed' }),
    ]);
    expect(campaignInfo(side)).toMatchObject({
      label: 'results/a',
      preset: 'small',
      intervalsMs: [50, 100],
      matrixFile: 'scenarios/paper-cpu.yaml',
    });
  });

  it('keeps the most common fingerprint of a stack and flags disagreement', () => {
    const fw = frameworkFingerprints([
      makeRecord({ stack: 's', framework: { version: '2.6.0', python: '3.13.1' } }),
      makeRecord({ stack: 's', rep: 2, framework: { version: '2.6.0', python: '3.13.1' } }),
      makeRecord({ stack: 's', deployment: 'bare-metal', framework: { python: '3.13.1', version: '2.6.0+cpu' } }),
      makeRecord({
        stack: 't',
        framework: { version: '1.13.1', blas: { blasInfo: 'openblas', loadedLibraries: ['x/libopenblas.so.0'] } },
      }),
    ]);
    expect(fw).toEqual([
      { stack: 's', values: { version: '2.6.0', python: '3.13.1' }, inconsistent: true },
      { stack: 't', values: { version: '1.13.1', blas: 'openblas libopenblas.so.0' }, inconsistent: false },
    ]);
  });
});

describe('comparability warnings', () => {
  it('flags CPU counts, GPU drivers, cgroup versions, presets and intervals', () => {
    const ra = [makeRecord({ stack: 's' })];
    const rb = [makeRecord({ stack: 's', intervalMs: 20 })];
    const a = makeSide('A', ra, makeHost({ hostname: 'a', cores: 2, driver: '535.1', cgroup: 1 }), 'small');
    const b = makeSide('B', rb, makeHost({ hostname: 'b', cores: 16, driver: '550.2', cgroup: 2 }), 'tiny');
    const w = buildDiff(a, b).warnings;
    expect(w).toContain(
      'CPU counts differ: 2 logical CPUs (A) vs 16 (B); CPU percentages and thread counts are not like for like',
    );
    expect(w).toContain('GPU drivers differ: 535.1 (A) vs 550.2 (B)');
    expect(w).toContain('cgroup versions differ: v1 (A) vs v2 (B); memory peaks come from different kernel counters');
    expect(w).toContain('workload presets differ: small (A) vs tiny (B); the jobs did different amounts of work');
    expect(w).toContain(
      'sampling intervals differ: 100 ms (A) vs 20 ms (B); sampled averages and CPU maxima are not like for like',
    );
  });

  it('flags a different framework build inside the same stack', () => {
    const a = makeSide('A', [makeRecord({ stack: 's', framework: { version: '2.6.0', numpy: '2.2.4' } })]);
    const b = makeSide('B', [makeRecord({ stack: 's', framework: { version: '2.6.0+cu118', numpy: '2.2.4' } })]);
    expect(buildDiff(a, b).warnings).toContain(
      'stack s is not the same build on both sides: version 2.6.0 (A) vs 2.6.0+cu118 (B)',
    );
  });

  it('says nothing when the two sides are alike', () => {
    const records = makeMatrixRecords();
    expect(
      buildDiff(
        makeSide('A', records, makeHost({ hostname: 'x' })),
        makeSide('B', records, makeHost({ hostname: 'y' })),
      ).warnings,
    ).toEqual([]);
  });

  it('flags a GPU on one side only', () => {
    const r = [makeRecord({ stack: 's' })];
    expect(
      buildDiff(
        makeSide('A', r, makeHost({ hostname: 'a' })),
        makeSide('B', r, makeHost({ hostname: 'b', driver: '550.2' })),
      ).warnings,
    ).toContain('only B has a GPU');
  });
});
