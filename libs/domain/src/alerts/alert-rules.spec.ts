import { decideAlert, dedupeKey, nextAttemptDelayMs, spikeThresholds, webhookUrlProblem } from './alert-rules.js';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('decideAlert', () => {
  const cooldown = 6 * HOUR;

  it('opens an issue seen for the first time', () => {
    expect(decideAlert(undefined, true, at('2026-12-07T10:00:00Z'), cooldown)).toBe('open');
  });

  it('does nothing about an issue never seen', () => {
    expect(decideAlert(undefined, false, at('2026-12-07T10:00:00Z'), cooldown)).toBe('none');
  });

  it('stays quiet while an open issue is seen again', () => {
    const sut = { status: 'open' as const, openedAt: at('2026-12-07T09:00:00Z'), resolvedAt: null };
    expect(decideAlert(sut, true, at('2026-12-07T10:00:00Z'), cooldown)).toBe('none');
  });

  it('resolves an open issue no longer seen', () => {
    const sut = { status: 'open' as const, openedAt: at('2026-12-07T09:00:00Z'), resolvedAt: null };
    expect(decideAlert(sut, false, at('2026-12-07T10:00:00Z'), cooldown)).toBe('resolve');
  });

  it('reopens quietly within the cool-down after it resolved', () => {
    const sut = { status: 'resolved' as const, openedAt: at('2026-12-07T01:00:00Z'), resolvedAt: at('2026-12-07T09:00:00Z') };
    expect(decideAlert(sut, true, at('2026-12-07T14:59:59Z'), cooldown)).toBe('reopen-quietly');
  });

  it('opens again as new once the cool-down has passed', () => {
    const sut = { status: 'resolved' as const, openedAt: at('2026-12-07T01:00:00Z'), resolvedAt: at('2026-12-07T09:00:00Z') };
    expect(decideAlert(sut, true, at('2026-12-07T15:00:00Z'), cooldown)).toBe('open');
  });
});

describe('dedupeKey', () => {
  it('is the same for the same issue and differs between steps', () => {
    expect(dedupeKey('spike', 'step', 'card-delivery')).toBe(dedupeKey('spike', 'step', 'card-delivery'));
    expect(dedupeKey('spike', 'step', 'card-delivery')).not.toBe(dedupeKey('spike', 'step', 'card-payment'));
  });

  it('cannot be forged by a key holding the separator', () => {
    expect(dedupeKey('spike', 'step', 'a:b')).not.toBe(dedupeKey('spike', 'step:a', 'b'));
    expect(dedupeKey('spike', 'step', 'a:b')).toBe('spike:step:a%3Ab');
  });
});

describe('spikeThresholds', () => {
  it('asks less of a spike the higher the sensitivity', () => {
    const [low, medium, high] = (['low', 'medium', 'high'] as const).map(spikeThresholds);
    expect(low!.alpha).toBeLessThan(medium!.alpha);
    expect(medium!.alpha).toBeLessThan(high!.alpha);
    expect(low!.minCount).toBeGreaterThan(high!.minCount);
    expect(medium).toEqual({ alpha: 0.001, minCount: 10 });
  });
});

describe('nextAttemptDelayMs', () => {
  const options = { baseMs: 1_000, maxMs: 60_000, maxAttempts: 5 };

  it('doubles after each failed attempt', () => {
    expect([1, 2, 3, 4].map((n) => nextAttemptDelayMs(n, options, () => 0))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('adds at most a fifth at random', () => {
    expect(nextAttemptDelayMs(2, options, () => 1)).toBe(2_400);
  });

  it('never waits longer than maxMs', () => {
    expect(nextAttemptDelayMs(4, { ...options, maxMs: 3_000, maxAttempts: 10 }, () => 0)).toBe(3_000);
  });

  it('gives up after maxAttempts', () => {
    expect(nextAttemptDelayMs(5, options)).toBeUndefined();
  });
});

describe('webhookUrlProblem', () => {
  it('accepts http and https URLs', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/T/B/X')).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:4000/alerts')).toBeUndefined();
  });

  it('refuses other schemes, relative URLs and credentials', () => {
    expect(webhookUrlProblem('file:///etc/passwd')).toMatch(/http or https/);
    expect(webhookUrlProblem('ftp://example.com/')).toMatch(/http or https/);
    expect(webhookUrlProblem('/alerts')).toMatch(/absolute/);
    expect(webhookUrlProblem('https://user:pw@example.com/')).toMatch(/password/);
  });
});
