// The one unit convention: bytes in binary units, one p-value, ratio, CI and change format, for report and diff alike.
import { describe, expect, it } from 'vitest';
import {
  bytesUnit,
  displayUnit,
  formatBytes,
  formatChange,
  formatCi,
  formatIn,
  formatNumber,
  formatP,
  formatRatio,
  formatValue,
  formatWithUnit,
} from '../../../harness/render/units.ts';

describe('bytes', () => {
  it('prints binary units with their IEC labels and 3 significant digits', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(262_144_000)).toBe('250 MiB');
    expect(formatBytes(274_835_046)).toBe('262 MiB');
    expect(formatBytes(1.3 * 1024 ** 3)).toBe('1.30 GiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.50 GiB');
    expect(formatBytes(600e6)).toBe('572 MiB');
    expect(formatBytes(1.52e9)).toBe('1.42 GiB');
    expect(formatBytes(812e6)).toBe('774 MiB');
    expect(formatBytes(null)).toBe('–');
  });

  it('chooses MiB or GiB for a column from its largest value', () => {
    expect(displayUnit({ unit: 'bytes' }, [5e8, null])).toEqual({ divisor: 1024 ** 2, unit: 'MiB' });
    expect(displayUnit({ unit: 'bytes' }, [5e8, 1.5e9])).toEqual({ divisor: 1024 ** 3, unit: 'GiB' });
    expect(displayUnit({ unit: 's' }, [1e12])).toEqual({ divisor: 1, unit: 's' });
    expect(bytesUnit(1023)).toEqual({ divisor: 1, unit: 'B' });
    expect(formatIn(262_144_000, displayUnit({ unit: 'bytes' }, [262_144_000]))).toBe('250');
  });
});

describe('numbers, p-values, ratios', () => {
  it('formats numbers with about 3 significant digits', () => {
    expect(formatNumber(1234.5)).toBe('1235');
    expect(formatNumber(23.44)).toBe('23.4');
    expect(formatNumber(4.094)).toBe('4.09');
    expect(formatNumber(0.29749)).toBe('0.297');
    expect(formatNumber(null)).toBe('–');
  });

  it('formats values in their units', () => {
    expect(formatValue(23.456, 's')).toBe('23.5 s');
    expect(formatValue(0.31234, 's')).toBe('0.312 s');
    expect(formatValue(151.7, '%')).toBe('152%');
    expect(formatWithUnit(151.7, { divisor: 1, unit: '%' })).toBe('152%');
    expect(formatValue(5050.4, 'windows/s')).toBe('5050 windows/s');
    expect(formatValue(null, 's')).toBe('–');
  });

  it('formats p-values, ratios, intervals and changes one way', () => {
    expect(formatP(0.0002)).toBe('<0.001');
    expect(formatP(0.00001)).toBe('<0.001');
    expect(formatP(0.02857)).toBe('0.029');
    expect(formatP(0.0079)).toBe('0.008');
    expect(formatP(null)).toBe('–');
    expect(formatRatio(1.5)).toBe('1.500x');
    expect(formatCi(1.4321, 1.5789)).toBe('[1.432, 1.579]');
    expect(formatCi(null, 2)).toBe('–');
    expect(formatChange(50)).toBe('+50.0%');
    expect(formatChange(-20)).toBe('-20.0%');
  });
});
