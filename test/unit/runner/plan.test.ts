import { describe, expect, it } from 'vitest';
import { matrixSchema } from '../../../harness/matrix/schema.ts';
import { globToRegExp, planRuns } from '../../../harness/runner/plan.ts';

const matrix = matrixSchema.parse({
  stacks: ['a', 'b'],
  deployments: ['bare-metal', 'container'],
  jobs: ['train', 'infer'],
  repetitions: 3,
  warmup: 1,
});

describe('planRuns', () => {
  it('puts warmups first, then interleaves repetitions with a rotated scenario order', () => {
    const runs = planRuns(matrix);
    expect(runs).toHaveLength(4 * 2 * (3 + 1));
    expect(runs.slice(0, 8).every((r) => r.warmup)).toBe(true);
    const firstOfRep = (rep: number): string => runs.find((r) => !r.warmup && r.rep === rep)!.scenario;
    expect([firstOfRep(1), firstOfRep(2), firstOfRep(3)]).toEqual(['a@bare-metal', 'a@container', 'b@bare-metal']);
    // Every scenario and job appears exactly once per repetition.
    for (const rep of [1, 2, 3]) {
      const keys = runs
        .filter((r) => !r.warmup && r.rep === rep)
        .map((r) => `${r.scenario}/${r.job}`)
        .sort();
      expect(keys).toEqual([
        'a@bare-metal/infer',
        'a@bare-metal/train',
        'a@container/infer',
        'a@container/train',
        'b@bare-metal/infer',
        'b@bare-metal/train',
        'b@container/infer',
        'b@container/train',
      ]);
    }
  });

  it('filters scenarios with --only globs', () => {
    const runs = planRuns(matrix, { only: 'b@*' });
    expect(new Set(runs.map((r) => r.scenario))).toEqual(new Set(['b@bare-metal', 'b@container']));
    expect(globToRegExp('a@container,b@bare-metal').test('b@bare-metal')).toBe(true);
    expect(globToRegExp('a*').test('ba')).toBe(false);
  });

  it('plans a single extra repetition for dynamic repetitions', () => {
    const runs = planRuns(matrix, { fromRep: 4, toRep: 4, warmup: 0 });
    expect(runs.every((r) => r.rep === 4 && !r.warmup)).toBe(true);
    expect(runs).toHaveLength(8);
  });
});
