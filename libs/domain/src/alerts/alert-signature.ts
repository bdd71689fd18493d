import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header that carries a webhook body's signature. */
export const SIGNATURE_HEADER = 'x-frictionlens-signature';
/** The header that names a delivery; a retry of the same delivery carries the same value. */
export const DELIVERY_ID_HEADER = 'x-frictionlens-delivery-id';

/** A new signing secret: 32 random bytes, hex, prefixed so it is recognisable in a secret store. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`: the time is signed with the
 * body, so a receiver can refuse an old body replayed to it.
 */
export function signWebhook(secret: string, rawBody: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Checks a signature header as a receiver would: the HMAC matches and `t` is within `toleranceSeconds` of now. */
export function verifyWebhookSignature(secret: string, rawBody: string, header: string, now: Date, toleranceSeconds = 300): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}
