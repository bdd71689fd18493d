import fc from 'fast-check';
import { redactDeep } from './redact.js';

// Card numbers, SSNs and NI numbers built to their rules, placed as keys, nested values and JSON
// numbers among ordinary words: none of them survives redactDeep, and ordinary values do.
function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const visa = digits(14).map((d) => luhnComplete(`4${d}`));
const ssn = fc
  .tuple(fc.integer({ min: 1, max: 899 }).filter((a) => a !== 666), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
  .map(([a, g, s]) => `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}`);
const nino = fc
  .tuple(fc.constantFrom(...'ABCEGHJKLMNOPRSTWXYZ'), fc.constantFrom(...'ABCEGHJKLMNPRSTWXYZ'), digits(6), fc.constantFrom('A', 'B', 'C', 'D'))
  .filter(([a, b]) => !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(a + b))
  .map(([a, b, d, s]) => `${a}${b}${d}${s}`);
const word = fc.constantFrom('order', 'card', 'refund', 'late', 'note', 'yes');

describe('redactDeep (property)', () => {
  it('leaves no planted card, SSN or NI number in keys, nested strings or numbers', () => {
    fc.assert(
      fc.property(fc.oneof(visa, ssn, nino), word, word, (secret, before, after) => {
        const numeric = /^\d+$/.test(secret) ? Number(secret) : `${before} ${secret}`;
        const value = { [`${before} ${secret} ${after}`]: after, nested: [{ note: `${before} ${secret}, ${after}` }], n: numeric, keep: after };
        const out = JSON.stringify(redactDeep(value).value);
        expect(out).not.toContain(secret);
        expect(out.replace(/\D/g, '')).not.toContain(secret.replace(/\D/g, ''));
        expect(redactDeep(value).value.keep).toBe(after);
      }),
      { numRuns: 1_000, seed: 16 },
    );
  });
});
