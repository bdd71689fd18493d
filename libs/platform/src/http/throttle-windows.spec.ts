import { RateLimitWindows } from './throttle-windows.js';

describe('RateLimitWindows', () => {
  let clock: number;
  const sut = (limit: number) => new RateLimitWindows(limit, 60_000, () => clock);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('allows the limit in a minute, then says how long to wait', () => {
    const windows = sut(5);
    const verdicts = Array.from({ length: 6 }, () => windows.hit('key:a'));
    expect(verdicts.slice(0, 5).map((v) => v.allowed && v.remaining)).toEqual([4, 3, 2, 1, 0]);
    clock += 20_000;
    expect(windows.hit('key:a')).toEqual({ allowed: false, retryAfterSeconds: 40 });
  });

  it('opens a fresh window once the minute is over', () => {
    const windows = sut(1);
    windows.hit('key:a');
    expect(windows.hit('key:a').allowed).toBe(false);
    clock += 60_000;
    expect(windows.hit('key:a')).toEqual({ allowed: true, remaining: 0, resetSeconds: 60 });
  });

  it('counts each tracker on its own', () => {
    const windows = sut(1);
    expect(windows.hit('key:a').allowed).toBe(true);
    expect(windows.hit('key:b').allowed).toBe(true);
    expect(windows.hit('key:a').allowed).toBe(false);
  });

  it('forgets trackers whose window has ended', () => {
    const windows = sut(10);
    for (let i = 0; i < 100; i++) windows.hit(`ip:10.0.0.${i}`);
    clock += 61_000;
    windows.hit('key:a');
    expect(windows.size).toBe(1);
  });
});

describe('RateLimitWindows.exhausted', () => {
  it('says nothing while budget is left and counts nothing itself', () => {
    let clock = 0;
    const windows = new RateLimitWindows(2, 60_000, () => clock);
    expect(windows.exhausted('ip:a')).toBeUndefined();
    windows.hit('ip:a');
    expect(windows.exhausted('ip:a')).toBeUndefined();
    windows.hit('ip:a');
    clock += 10_000;
    expect(windows.exhausted('ip:a')).toBe(50);
    clock += 50_000;
    expect(windows.exhausted('ip:a')).toBeUndefined();
  });
});
