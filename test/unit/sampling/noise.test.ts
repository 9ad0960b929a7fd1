import { describe, expect, it } from 'vitest';
import { parseMemoryStat } from '../../../harness/sampling/counters.ts';
import { noiseMetrics, parseHostCpu } from '../../../harness/sampling/noise.ts';
import { describeRun } from '../../../harness/runner/reporter.ts';
import { makeRecord } from '../diff/fixtures.ts';

const STAT = 'cpu  1000 50 300 9000 20 10 5 40 7 0\ncpu0 500 25 150 4500 10 5 2 20 3 0\nintr 1 2 3\n';

describe('host CPU from /proc/stat', () => {
  it('busy = user + nice + system + irq + softirq (USER_HZ ticks), steal apart; idle and iowait are not busy', () => {
    expect(parseHostCpu(STAT)).toEqual({ busySeconds: (1000 + 50 + 300 + 10 + 5) / 100, stealSeconds: 0.4 });
    expect(parseHostCpu('intr 1 2\n')).toBeNull();
  });

  it("other = host busy - the job's CPU, as % of one core over the window; noisy above 10 % with steal", () => {
    const before = { busySeconds: 100, stealSeconds: 1 };
    const quiet = noiseMetrics(before, { busySeconds: 110.2, stealSeconds: 1 }, 10, 10);
    expect(quiet).toEqual({
      otherCpuPercent: expect.closeTo(2, 9) as number,
      stealPercent: 0,
      windowSeconds: 10,
      thresholdPercent: 10,
      noisy: false,
    });
    const busy = noiseMetrics(before, { busySeconds: 120, stealSeconds: 1 }, 10, 10);
    expect(busy?.otherCpuPercent).toBeCloseTo(100, 9);
    expect(busy?.noisy).toBe(true);
    const stolen = noiseMetrics(before, { busySeconds: 110, stealSeconds: 2.5 }, 10, 10);
    expect([stolen?.otherCpuPercent, stolen?.stealPercent, stolen?.noisy]).toEqual([0, 15, true]);
  });

  it('never negative (tick rounding), null without a reading or a window', () => {
    expect(
      noiseMetrics({ busySeconds: 100, stealSeconds: 0 }, { busySeconds: 109.99, stealSeconds: 0 }, 10, 10)
        ?.otherCpuPercent,
    ).toBe(0);
    expect(noiseMetrics(null, { busySeconds: 1, stealSeconds: 0 }, 10, 1)).toBeNull();
    expect(noiseMetrics({ busySeconds: 1, stealSeconds: 0 }, { busySeconds: 2, stealSeconds: 0 }, 0, 1)).toBeNull();
    expect(noiseMetrics({ busySeconds: 1, stealSeconds: 0 }, { busySeconds: 2, stealSeconds: 0 }, 1, null)).toBeNull();
  });

  it('the terminal line says when a run was noisy, and says nothing when it was not', () => {
    const noise = { otherCpuPercent: 35.4, stealPercent: 0.2, windowSeconds: 5, thresholdPercent: 10, noisy: true };
    expect(describeRun({ ...makeRecord({ stack: 's' }), noise })).toContain(
      'NOISY: other processes used 35% of a core meanwhile, steal 0% (noisy above 10%)',
    );
    expect(
      describeRun({ ...makeRecord({ stack: 's' }), noise: { ...noise, otherCpuPercent: 3, noisy: false } }),
    ).not.toContain('NOISY');
  });
});

describe('cgroup memory.stat split', () => {
  it('v1 total_rss/total_cache/total_shmem, page cache without shmem', () => {
    const v1 = 'cache 1\nrss 2\nshmem 0\ntotal_cache 3000\ntotal_rss 5000\ntotal_shmem 1000\ntotal_mapped_file 7\n';
    expect(parseMemoryStat(1, v1)).toEqual({ anonBytes: 5000, fileBytes: 2000, shmemBytes: 1000 });
  });

  it('v2 anon/file/shmem; null when the fields are missing', () => {
    expect(parseMemoryStat(2, 'anon 10\nfile 30\nkernel 4\nshmem 5\n')).toEqual({
      anonBytes: 10,
      fileBytes: 25,
      shmemBytes: 5,
    });
    expect(parseMemoryStat(1, 'cache 1\n')).toBeNull();
  });
});
