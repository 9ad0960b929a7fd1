import { describe, expect, it } from 'vitest';
import { parseCgroupMounts } from '../../../harness/sampling/cgroup-mounts.ts';
import { parseCpuacctStat, parseCpuStatV2, parseKeyValues } from '../../../harness/sampling/counters.ts';
import { MemoryPeakTracker } from '../../../harness/sampling/memory-peak.ts';
import type { TreeMemory } from '../../../harness/sampling/proc-memory.ts';
import { parseProcStatus } from '../../../harness/sampling/proc.ts';
import { parseSmiAppRow, parseSmiGpuRow } from '../../../harness/sampling/smi-parse.ts';

describe('parseCgroupMounts', () => {
  it('reads v1 controllers (co-mounted or not), named hierarchies and cgroup2 from mountinfo', () => {
    const text = [
      '25 24 0:22 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755',
      '26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw,nsdelegate',
      '27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid - cgroup cgroup rw,xattr,name=systemd',
      '28 25 0:25 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct',
      '29 25 0:26 / /sys/fs/cgroup/memory rw,nosuid shared:5 - cgroup cgroup rw,memory',
      '30 24 8:1 / / rw,relatime - ext4 /dev/vda rw',
    ].join('\n');
    expect(parseCgroupMounts(text)).toEqual([
      { mountPoint: '/sys/fs/cgroup/unified', version: 2, controllers: [] },
      { mountPoint: '/sys/fs/cgroup/systemd', version: 1, controllers: ['name=systemd'] },
      { mountPoint: '/sys/fs/cgroup/cpu,cpuacct', version: 1, controllers: ['cpu', 'cpuacct'] },
      { mountPoint: '/sys/fs/cgroup/memory', version: 1, controllers: ['memory'] },
    ]);
  });

  it('decodes octal escapes in mount points', () => {
    expect(parseCgroupMounts('1 0 0:1 / /a\\040b rw - cgroup2 cgroup2 rw')[0]?.mountPoint).toBe('/a b');
  });
});

describe('counter files', () => {
  it('parses cpuacct.stat ticks (USER_HZ = 100) into seconds', () => {
    expect(parseCpuacctStat('user 196\nsystem 8\n')).toEqual({ userSeconds: 1.96, systemSeconds: 0.08 });
  });

  it('parses v2 cpu.stat microseconds', () => {
    const text =
      'usage_usec 2047212\nuser_usec 1960000\nsystem_usec 87212\nnr_periods 0\ncore_sched.force_idle_usec 0\n';
    expect(parseCpuStatV2(text)).toEqual({ totalSeconds: 2.047212, userSeconds: 1.96, systemSeconds: 0.087212 });
  });

  it('reads oom_kill from v1 memory.oom_control and v2 memory.events alike', () => {
    expect(parseKeyValues('oom_kill_disable 0\nunder_oom 0\noom_kill 3\n').get('oom_kill')).toBe(3);
    expect(parseKeyValues('low 0\nhigh 0\nmax 5\noom 2\noom_kill 2\noom_group_kill 0\n').get('oom_kill')).toBe(2);
  });
});

describe('parseProcStatus', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    const text =
      'Name:\talloc\nVmPeak:\t  421000 kB\nVmHWM:\t  410000 kB\nVmRSS:\t  409600 kB\nRssAnon:\t  409000 kB\n';
    expect(parseProcStatus(7, text)).toEqual({ pid: 7, rssBytes: 409600 * 1024, hwmBytes: 410000 * 1024 });
  });

  it('is null for kernel threads and zombies, which have no memory lines', () => {
    expect(parseProcStatus(2, 'Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeNull();
  });
});

describe('MemoryPeakTracker', () => {
  // One sample of a tree: its private sum, RSS sum, highest VmHWM and highest private peak from VmHWM.
  const m = (processes: number, priv: number, rss: number, hwm: number, privHwm: number): TreeMemory => ({
    processes,
    privateBytes: priv,
    rssBytes: rss,
    hwmBytes: hwm,
    privateHwmBytes: privHwm,
  });

  it('catches a spike between samples through the private high-water estimate of a process still alive', () => {
    const t = new MemoryPeakTracker();
    expect(t.add(m(1, 20, 30, 30, 20))).toBe(20);
    expect(t.add(m(1, 20, 30, 330, 320))).toBe(20);
    expect(t.peakBytes).toBe(320);
    expect(t.rssPeakBytes).toBe(330);
  });

  it('takes the sampled sum of a tree when it is higher than any one process', () => {
    const t = new MemoryPeakTracker();
    t.add(m(4, 151, 200, 60, 50));
    expect(t.peakBytes).toBe(151);
    expect(t.rssPeakBytes).toBe(200);
  });

  it('keeps private and RSS peaks apart: file-mapped pages count only in the RSS peak', () => {
    const t = new MemoryPeakTracker();
    t.add(m(1, 100, 400, 400, 100));
    t.add(m(1, 120, 150, 400, 100));
    expect(t.peakBytes).toBe(120);
    expect(t.rssPeakBytes).toBe(400);
  });

  it('is null while no process was seen; an empty sample gives null, not 0', () => {
    const t = new MemoryPeakTracker();
    expect(t.add(m(0, 0, 0, 0, 0))).toBeNull();
    expect(t.peakBytes).toBeNull();
    expect(t.rssPeakBytes).toBeNull();
  });
});

describe('nvidia-smi rows', () => {
  it('parses device rows (MiB) and marks missing numbers null', () => {
    expect(parseSmiGpuRow('GPU-1a2b, 1024, 37')).toEqual({
      uuid: 'GPU-1a2b',
      usedBytes: 1024 * 1024 * 1024,
      utilPercent: 37,
    });
    expect(parseSmiGpuRow('GPU-1a2b, 1024, [Not Supported]')).toEqual({
      uuid: 'GPU-1a2b',
      usedBytes: 1024 * 1024 * 1024,
      utilPercent: null,
    });
  });

  it('parses compute-app rows and ignores the "no processes" line', () => {
    expect(parseSmiAppRow('GPU-1a2b, 4242, 100')).toEqual({
      uuid: 'GPU-1a2b',
      pid: 4242,
      usedBytes: 100 * 1024 * 1024,
    });
    expect(parseSmiAppRow('GPU-1a2b, 4242, [N/A]')).toEqual({ uuid: 'GPU-1a2b', pid: 4242, usedBytes: null });
    expect(parseSmiAppRow('No running processes found')).toBeNull();
  });
});
