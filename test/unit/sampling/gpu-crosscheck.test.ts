import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../../harness/sampling/gpu-crosscheck.ts';

const MIB = 1024 * 1024;
const run = (peak: number | null, reserved: number | null, status = 'ok') => ({
  id: 'x@host train rep 1',
  status,
  peakBytes: peak,
  frameworkPeakBytes: reserved,
});

describe('offline GPU check: sampled peak vs torch reserved', () => {
  it('passes when the sampled peak covers the reserved memory plus a context, and prints the difference', () => {
    const v = crossCheck(run(1500 * MIB, 1000 * MIB));
    expect(v.ok).toBe(true);
    expect(v.line).toContain('difference 500.0 MiB');
  });
  it('fails below the reserved memory (sampling missed it) or more than 2 GiB above it', () => {
    expect(crossCheck(run(900 * MIB, 1000 * MIB)).ok).toBe(false);
    expect(crossCheck(run(3100 * MIB, 1000 * MIB)).ok).toBe(false);
  });
  it('fails on a run that was not ok or has no figure', () => {
    expect(crossCheck(run(null, null, 'unsupported')).line).toContain('run unsupported');
    expect(crossCheck(run(null, 1000 * MIB)).ok).toBe(false);
  });
});
