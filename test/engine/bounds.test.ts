// The bounds on matching: a user rule's regex stopped past its budget, the budget's scale.
import { BUDGET_BASE_MS, BUDGET_PER_MB_MS, ruleBudgetMs, runBounded } from '../../src/engine/bounds.js';

describe('runBounded', () => {
  it('returns the value of a call that ends within its budget', () => {
    expect(runBounded(() => /b+/.exec('aaabbb')?.[0], 5000)).toEqual({ value: 'bbb' });
  });

  it('stops a catastrophically backtracking regex call past its budget', () => {
    const text = 'a'.repeat(50_000) + 'b';
    const started = Date.now();
    // Unbounded, this call runs for longer than the age of the universe.
    const r = runBounded(() => /(a|aa)+$/.exec(text), 200);
    expect(r).toEqual({ stopped: 'timeout' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('passes on errors other than its own timeout', () => {
    expect(() => runBounded(() => { throw new TypeError('boom'); }, 1000)).toThrow('boom');
  });
});

it('scales the budget with the text: a base, plus so much per MB', () => {
  expect(ruleBudgetMs(0)).toBe(BUDGET_BASE_MS);
  expect(ruleBudgetMs(5 * 1024 * 1024)).toBe(BUDGET_BASE_MS + 5 * BUDGET_PER_MB_MS);
});
