// Words around the report's numbers (the numbers themselves: test/unit/render/units.test.ts).
import { describe, expect, it } from 'vitest';
import { metricTitle, phrase } from '../../../harness/report/format.ts';

describe('format', () => {
  it('titles a metric with its display unit', () => {
    expect(metricTitle({ label: 'RAM peak' }, { divisor: 1024 ** 3, unit: 'GiB' })).toBe('RAM peak (GiB)');
    expect(metricTitle({ label: 'CPU average' }, { divisor: 1, unit: '%' })).toBe('CPU average (% of one core)');
  });

  it('lowercases labels inside sentences but keeps acronyms', () => {
    expect(phrase('Execution time')).toBe('execution time');
    expect(phrase('CPU average')).toBe('CPU average');
  });
});
