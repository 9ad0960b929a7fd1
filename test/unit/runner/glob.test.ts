import { describe, expect, it } from 'vitest';
import { globMatches, globToRegExp } from '../../../harness/runner/plan.ts';

const ID = 'torch-2.6-debian13@container';

describe('globMatches (the --only filter)', () => {
  it('matches like the glob it is: * and ?, commas between alternatives, whole ids only', () => {
    expect(globMatches('torch-2.6*@container', ID)).toBe(true);
    expect(globMatches('torch-?.6*', ID)).toBe(true);
    expect(globMatches('*@bare-metal', ID)).toBe(false);
    expect(globMatches('x, *@container', ID)).toBe(true);
    expect(globMatches('torch', ID)).toBe(false);
    expect(globMatches('*', ID)).toBe(true);
    expect(globMatches('[', ID)).toBe(false);
  });

  it('agrees with globToRegExp on a set of globs', () => {
    for (const g of ['torch*', '*13@*', 't?rch-2.6-debian13@container', '*-*-*@c*r', '**@*', 'a,b,torch*container']) {
      expect(globMatches(g, ID), g).toBe(globToRegExp(g).test(ID));
    }
  });

  it('stays fast on globs that make a backtracking regex explode', () => {
    const started = performance.now();
    expect(globMatches(`${'*'.repeat(40)}x`, ID)).toBe(false);
    expect(globMatches(`${'*-'.repeat(40)}x`, ID)).toBe(false);
    expect(globToRegExp(`${'*'.repeat(40)}x`).test(ID)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
