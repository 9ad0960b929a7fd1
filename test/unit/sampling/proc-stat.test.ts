import { describe, expect, it } from 'vitest';
import { newProcStat, pageSizeBytes, parseProcStat, statusKbField } from '../../../harness/sampling/proc-stat.ts';
import { parsePids } from '../../../harness/sampling/tree-pids.ts';

// A real /proc/<pid>/stat line (python3 with a 2-thread pool), with a command name holding ') ' to be hostile.
const STAT =
  '4242 (py) thon) S 4200 4242 4200 34816 4242 4194560 15321 0 7 0 210 35 0 0 20 0 3 0 987654 421789696 24650 18446744073709551615 1 1 0 0 0 0 0 16781312 2 0 0 0 17 1 0 0 0 0 0\n';

describe('parseProcStat', () => {
  it('reads RSS pages, minor + major faults, start time, and memory presence after the last ")"', () => {
    const out = newProcStat();
    expect(parseProcStat(Buffer.from(STAT), out)).toBe(true);
    expect(out).toEqual({ hasMemory: true, rssPages: 24650, faults: 15321 + 7, startTime: 987654 });
  });

  it('says a zombie holds no memory (vsize 0) and refuses a truncated line', () => {
    const out = newProcStat();
    expect(
      parseProcStat(
        Buffer.from('77 (sh) Z 1 77 77 0 -1 4227084 120 0 0 0 0 0 0 0 20 0 1 0 5000 0 0 18446744073709551615 0 0\n'),
        out,
      ),
    ).toBe(true);
    expect(out.hasMemory).toBe(false);
    expect(parseProcStat(Buffer.from('77 (sh) S 1 77 77'), newProcStat())).toBe(false);
    expect(parseProcStat(Buffer.from('garbage'), newProcStat())).toBe(false);
  });
});

describe('statusKbField', () => {
  it('reads a kB line of /proc/<pid>/status in bytes, null when the line is absent', () => {
    const status = Buffer.from('Name:\tpython3\nVmPeak:\t  500000 kB\nVmHWM:\t  410000 kB\nVmRSS:\t  409600 kB\n');
    expect(statusKbField(status, 'VmHWM:')).toBe(410000 * 1024);
    expect(statusKbField(status, 'VmRSS:')).toBe(409600 * 1024);
    expect(statusKbField(Buffer.from('Name:\tkthreadd\nState:\tS (sleeping)\n'), 'VmHWM:')).toBeNull();
  });
});

describe('parsePids', () => {
  it('reads one PID a line and ignores a missing last newline', () => {
    expect(parsePids(Buffer.from('12\n345\n6789'))).toEqual([12, 345, 6789]);
    expect(parsePids(Buffer.from(''))).toEqual([]);
  });
});

describe('pageSizeBytes', () => {
  it('is a power of two of at least 4 KiB (from the auxiliary vector)', () => {
    const size = pageSizeBytes();
    expect(size).toBeGreaterThanOrEqual(4096);
    expect(Math.log2(size) % 1).toBe(0);
  });
});
