import { jest } from '@jest/globals';
import { AnswerCache, type CachedAnswer } from './answer-cache.js';

const answerOf = (body: string): CachedAnswer => ({ body, headers: { 'content-type': 'application/json' } });

function counter(): { compute: () => Promise<CachedAnswer>; calls: () => number } {
  let calls = 0;
  return { compute: async () => answerOf(`answer ${++calls}`), calls: () => calls };
}

/** A computation that finishes when the test says so. */
function gate(): { compute: () => Promise<CachedAnswer>; release: (body: string) => void; calls: () => number } {
  let calls = 0;
  let resolve: (answer: CachedAnswer) => void = () => undefined;
  return {
    compute: () => {
      calls++;
      return new Promise<CachedAnswer>((r) => (resolve = r));
    },
    release: (body) => resolve(answerOf(body)),
    calls: () => calls,
  };
}

const following = (options: { maxStaleMs?: number } = {}) => {
  const cache = new AnswerCache({ maxBytes: 1_000_000, ...options });
  cache.track(true);
  return cache;
};

describe('AnswerCache', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('computes every time while changes are not followed', async () => {
    const cache = new AnswerCache({ maxBytes: 1_000_000 });
    const { compute, calls } = counter();
    await cache.answer('k', compute);
    expect(await cache.answer('k', compute)).toEqual({ answer: answerOf('answer 2'), source: 'computed', kept: false });
    expect(calls()).toBe(2);
  });

  it('keeps an answer until the data changes', async () => {
    const cache = following();
    const { compute, calls } = counter();
    expect(await cache.answer('k', compute)).toEqual({ answer: answerOf('answer 1'), source: 'computed', kept: true });
    jest.advanceTimersByTime(10);
    expect(await cache.answer('k', compute)).toMatchObject({ answer: answerOf('answer 1'), source: 'hit' });
    expect(await cache.answer('other', compute)).toMatchObject({ answer: answerOf('answer 2'), source: 'computed' });
    jest.advanceTimersByTime(10);
    cache.changed();
    jest.advanceTimersByTime(10);
    expect(await cache.answer('k', compute)).toMatchObject({ answer: answerOf('answer 3'), source: 'computed' });
    expect(await cache.answer('k', compute)).toMatchObject({ answer: answerOf('answer 3'), source: 'hit' });
    expect(calls()).toBe(3);
  });

  it('forgets everything when the change feed is lost, and again when it is back', async () => {
    const cache = following();
    const { compute, calls } = counter();
    await cache.answer('k', compute);
    cache.track(false);
    await cache.answer('k', compute);
    jest.advanceTimersByTime(10);
    cache.track(true);
    jest.advanceTimersByTime(10);
    expect((await cache.answer('k', compute)).answer.body).toBe('answer 3');
    expect(calls()).toBe(3);
  });

  it('shares one computation between concurrent callers', async () => {
    const cache = following();
    const slow = gate();
    const first = cache.answer('k', slow.compute);
    const second = cache.answer('k', slow.compute);
    slow.release('shared');
    expect(await first).toMatchObject({ answer: { body: 'shared' }, source: 'computed' });
    expect(await second).toMatchObject({ answer: { body: 'shared' }, source: 'shared' });
    expect(slow.calls()).toBe(1);
  });

  it('never serves an answer whose data changed while it was computed to a caller who came after the change', async () => {
    const cache = following();
    const slow = gate();
    const pending = cache.answer('k', slow.compute);
    jest.advanceTimersByTime(10);
    cache.changed();
    jest.advanceTimersByTime(10);
    const { compute, calls } = counter();
    const after = await cache.answer('k', compute); // maxStaleMs 0: may not share the older computation
    expect(after).toMatchObject({ answer: { body: 'answer 1' }, source: 'computed' });
    slow.release('from before the change');
    expect((await pending).answer.body).toBe('from before the change');
    expect((await cache.answer('k', compute)).answer.body).toBe('answer 1'); // the newer answer stays
    expect(calls()).toBe(1);
  });

  it('serves the previous answer, within maxStaleMs of the change, while one caller computes the next', async () => {
    const cache = following({ maxStaleMs: 1_000 });
    const { compute } = counter();
    await cache.answer('k', compute);
    jest.advanceTimersByTime(300);
    cache.changed();
    jest.advanceTimersByTime(10);
    const slow = gate();
    const refreshing = cache.answer('k', slow.compute);
    expect(await cache.answer('k', compute)).toMatchObject({ answer: { body: 'answer 1' }, source: 'stale' });
    jest.advanceTimersByTime(1_000); // now older than maxStaleMs: wait for the computation instead
    const waiting = cache.answer('k', compute);
    slow.release('fresh');
    expect(await waiting).toMatchObject({ answer: { body: 'fresh' }, source: 'shared' });
    expect(await refreshing).toMatchObject({ answer: { body: 'fresh' }, source: 'computed', kept: true });
    expect(await cache.answer('k', compute)).toMatchObject({ answer: { body: 'fresh' }, source: 'hit' });
    expect(slow.calls()).toBe(1);
  });

  it('keeps an answer that took longer than the gap between changes, so slow questions are answered from the cache too', async () => {
    const cache = following({ maxStaleMs: 5_000 });
    const slow = gate();
    const computing = cache.answer('k', slow.compute);
    for (let i = 0; i < 4; i++) {
      jest.advanceTimersByTime(500);
      cache.changed();
    }
    slow.release('took two seconds');
    await computing;
    const { compute } = counter();
    expect(await cache.answer('k', compute)).toMatchObject({ answer: { body: 'answer 1' }, source: 'computed' });
    const next = gate();
    jest.advanceTimersByTime(10);
    cache.changed();
    const refreshing = cache.answer('k', next.compute);
    expect(await cache.answer('k', compute)).toMatchObject({ answer: { body: 'answer 1' }, source: 'stale' });
    next.release('newer');
    await refreshing;
  });

  it('keeps no failed computation', async () => {
    const cache = following();
    await expect(cache.answer('k', () => Promise.reject(new Error('bad request')))).rejects.toThrow('bad request');
    const { compute } = counter();
    expect(await cache.answer('k', compute)).toMatchObject({ answer: answerOf('answer 1'), source: 'computed', kept: true });
  });

  it('drops the least recently used answers beyond its size', async () => {
    const cache = new AnswerCache({ maxBytes: 3 * (2 * 100 + 256) });
    cache.track(true);
    jest.advanceTimersByTime(10);
    const big = (name: string) => async () => answerOf(name.padEnd(100, '.'));
    for (const name of ['a', 'b', 'c', 'd']) await cache.answer(name, big(name));
    expect(cache.stats.entries).toBe(3);
    const { compute, calls } = counter();
    await cache.answer('a', compute);
    expect(calls()).toBe(1);
    await cache.answer('d', compute);
    expect(calls()).toBe(1);
  });

  it('recomputes a question at most every fifth of maxStaleMs while changes keep landing', async () => {
    const cache = following({ maxStaleMs: 1_000 });
    const { compute, calls } = counter();
    await cache.answer('k', compute);
    for (let i = 0; i < 10; i++) {
      jest.advanceTimersByTime(50);
      cache.changed();
      await cache.answer('k', compute);
    }
    expect(calls()).toBe(3); // at 0 ms, then at 200 ms and 400 ms of the 500
    jest.advanceTimersByTime(1);
    expect(await cache.answer('k', compute)).toMatchObject({ source: 'stale' });
  });
});
