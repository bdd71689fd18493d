import { createHmac } from 'node:crypto';
import { newSigningSecret, signWebhook, verifyWebhookSignature } from './alert-signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"event":"spike","title":"Failure demand spike at Card delivery"}';
  const at = new Date('2026-12-07T12:00:00.900Z');

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const sut = signWebhook(secret, body, at);
    const expected = createHmac('sha256', secret).update(`1796644800.${body}`).digest('hex');
    expect(sut).toBe(`t=1796644800,v1=${expected}`);
  });

  it('verifies with the same secret and body', () => {
    expect(verifyWebhookSignature(secret, body, signWebhook(secret, body, at), at)).toBe(true);
  });

  it('fails for another secret, a changed body or an old time', () => {
    const sut = signWebhook(secret, body, at);
    expect(verifyWebhookSignature('whsec_other', body, sut, at)).toBe(false);
    expect(verifyWebhookSignature(secret, body.replace('Card', 'Cash'), sut, at)).toBe(false);
    expect(verifyWebhookSignature(secret, body, sut, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature(secret, body, 'v1=abc', at)).toBe(false);
  });

  it('makes a new random secret each time', () => {
    const [a, b] = [newSigningSecret(), newSigningSecret()];
    expect(a).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});
