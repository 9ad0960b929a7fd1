// Display units: bytes as MB/GB, numbers with about 3 significant digits.
import { describe, expect, it } from 'vitest';
import { displayUnit, formatBytes, formatNumber, formatP, phrase } from '../../../harness/report/format.ts';

describe('format', () => {
  it('chooses MB or GB from the largest value', () => {
    expect(displayUnit({ unit: 'bytes' }, [5e8, null])).toEqual({ divisor: 1e6, unit: 'MB' });
    expect(displayUnit({ unit: 'bytes' }, [5e8, 1.5e9])).toEqual({ divisor: 1e9, unit: 'GB' });
    expect(displayUnit({ unit: 's' }, [1e12])).toEqual({ divisor: 1, unit: 's' });
  });

  it('formats numbers, bytes and p-values', () => {
    expect(formatNumber(1234.5)).toBe('1235');
    expect(formatNumber(23.44)).toBe('23.4');
    expect(formatNumber(4.094)).toBe('4.09');
    expect(formatNumber(0.29749)).toBe('0.297');
    expect(formatNumber(null)).toBe('–');
    expect(formatBytes(1.52e9)).toBe('1.52 GB');
    expect(formatBytes(812e6)).toBe('812 MB');
    expect(formatP(0.0002)).toBe('<0.001');
    expect(formatP(0.02857)).toBe('0.0286');
  });

  it('lowercases labels inside sentences but keeps acronyms', () => {
    expect(phrase('Execution time')).toBe('execution time');
    expect(phrase('CPU average')).toBe('CPU average');
  });
});
