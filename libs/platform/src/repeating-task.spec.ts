import { RepeatingTask } from './repeating-task.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RepeatingTask', () => {
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
    await tick(80);
    await task.stop();
    expect(most).toBe(1);
    expect(rounds).toBeGreaterThanOrEqual(4);
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
    await tick(10);
    expect(task.isStopped).toBe(false);
    await task.stop();
    expect(task.isStopped).toBe(true);
    expect(finished).toBe(started);
    await tick(20);
    expect(started).toBe(1);
  });

  it('waits firstInMs before the first round', async () => {
    let rounds = 0;
    const task = new RepeatingTask(async () => void rounds++, () => 1_000, () => undefined);
    task.start(40);
    await tick(15);
    expect(rounds).toBe(0);
    await tick(50);
    expect(rounds).toBe(1);
    await task.stop();
  });
});
