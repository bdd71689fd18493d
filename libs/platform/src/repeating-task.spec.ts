import { jest } from '@jest/globals';
import { RepeatingTask } from './repeating-task.js';

// Fake timers: the rounds follow the clock the test moves, not how busy the machine is.
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const advance = (ms: number) => jest.advanceTimersByTimeAsync(ms);

describe('RepeatingTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs one round at a time, again after each ends, and goes on after a failed round', async () => {
    let running = 0;
    let most = 0;
    let rounds = 0;
    const errors: unknown[] = [];
    const task = new RepeatingTask(
      async () => {
        running++;
        most = Math.max(most, running);
        rounds++;
        await tick(5);
        running--;
        if (rounds === 2) throw new Error('second round fails');
      },
      () => 1,
      (error) => errors.push(error),
    );
    task.start();
    // Each round is 5 ms of work and 1 ms of wait: rounds start at 0, 6, 12, ... 78.
    await advance(80);
    const stopped = task.stop();
    await advance(10);
    await stopped;
    expect(most).toBe(1);
    expect(rounds).toBe(14);
    expect(errors).toEqual([new Error('second round fails')]);
  });

  it('stop waits for the round in hand and starts no other', async () => {
    let finished = 0;
    let started = 0;
    const task = new RepeatingTask(async () => {
      started++;
      await tick(30);
      finished++;
    }, () => 0, () => undefined);
    task.start();
    await advance(10);
    expect(task.isStopped).toBe(false);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await advance(5);
    expect({ stopped, finished }).toEqual({ stopped: false, finished: 0 });
    await advance(30);
    await stopping;
    expect(task.isStopped).toBe(true);
    expect(finished).toBe(started);
    await advance(100);
    expect(started).toBe(1);
  });

  it('waits firstInMs before the first round', async () => {
    let rounds = 0;
    const task = new RepeatingTask(async () => void rounds++, () => 1_000, () => undefined);
    task.start(40);
    await advance(39);
    expect(rounds).toBe(0);
    await advance(1);
    expect(rounds).toBe(1);
    await advance(999);
    expect(rounds).toBe(1);
    await advance(1);
    expect(rounds).toBe(2);
    await task.stop();
  });
});
