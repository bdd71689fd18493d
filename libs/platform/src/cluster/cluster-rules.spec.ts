import { RestartBudget } from './restart-budget.js';
import { workerCount } from './worker-count.js';

describe('RestartBudget', () => {
  it('allows max replacements within the window, then refuses', () => {
    const budget = new RestartBudget(3, 60_000);
    expect([0, 1_000, 2_000].map((t) => budget.take(t))).toEqual([true, true, true]);
    expect(budget.take(3_000)).toBe(false);
  });

  it('forgets replacements older than the window', () => {
    const budget = new RestartBudget(2, 10_000);
    expect(budget.take(0)).toBe(true);
    expect(budget.take(5_000)).toBe(true);
    expect(budget.take(9_999)).toBe(false);
    expect(budget.take(10_000)).toBe(true); // the one at 0 has left the window
    expect(budget.take(14_999)).toBe(false); // 5,000 and 10,000 are still in it
  });

  it('a refused replacement does not use up the budget', () => {
    const budget = new RestartBudget(1, 1_000);
    expect(budget.take(0)).toBe(true);
    expect(budget.take(500)).toBe(false);
    expect(budget.take(1_000)).toBe(true);
  });
});

describe('workerCount', () => {
  it('auto is one per core, and never none', () => {
    expect(workerCount('auto', 2)).toBe(2);
    expect(workerCount('auto', 8)).toBe(8);
    expect(workerCount('auto', 0)).toBe(1);
  });

  it('a number is taken as given', () => {
    expect(workerCount(3, 2)).toBe(3);
    expect(workerCount(1, 16)).toBe(1);
  });
});
