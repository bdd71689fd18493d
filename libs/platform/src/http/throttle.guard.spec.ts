import { rateLimitTracker } from './throttle.guard.js';

describe('rateLimitTracker', () => {
  const key = `fl_0123456789ab_${'a'.repeat(43)}`;

  it('spends the budget of the API key, however it is sent', () => {
    const sut = rateLimitTracker({ 'x-api-key': key }, '10.0.0.1');
    expect(sut).toMatch(/^key:/);
    expect(rateLimitTracker({ authorization: `Bearer ${key}` }, '10.0.0.2')).toBe(sut);
    expect(sut).not.toContain(key);
  });

  it('gives a wrong secret for a known key id a budget of its own', () => {
    const wrong = `fl_0123456789ab_${'b'.repeat(43)}`;
    expect(rateLimitTracker({ 'x-api-key': wrong }, '10.0.0.1')).not.toBe(rateLimitTracker({ 'x-api-key': key }, '10.0.0.1'));
  });

  it('falls back to the client address without a key, or with something that is not one', () => {
    expect(rateLimitTracker({}, '10.0.0.1')).toBe('ip:10.0.0.1');
    expect(rateLimitTracker({ 'x-api-key': 'not-a-key' }, '10.0.0.1')).toBe('ip:10.0.0.1');
  });
});
