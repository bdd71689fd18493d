import fc from 'fast-check';
import { customerHasher } from './customer-hash.js';
import { normaliseContact, type NormaliseOptions } from './normalise.js';

const options: NormaliseOptions = {
  now: new Date('2024-06-01T12:00:00Z'),
  maxTextBytes: 65_536,
  maxFutureSkewMs: 24 * 60 * 60 * 1000,
  hashCustomer: customerHasher('test-secret'),
};

// Any sequence of UTF-16 code units, lone surrogates included (fast-check's own strings are well formed).
const codeUnits = fc.array(fc.oneof(fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0x20, max: 0xffff })), { maxLength: 12 }).map((units) => String.fromCharCode(...units));
const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

describe('normaliseContact on arbitrary UTF-16 (property)', () => {
  it('accepts a string exactly when it is well formed, wherever it is, and stores only well-formed strings', () => {
    fc.assert(
      fc.property(codeUnits, fc.constantFrom('id', 'text', 'note', 'key'), (value, where) => {
        const event: Record<string, unknown> = { id: 'C-1', createdAt: '2024-05-03', text: 'the parcel never came' };
        if (where === 'id') event.id = `C-${value}`;
        if (where === 'text') event.text = `words ${value}`;
        if (where === 'note') event.extra = { list: ['a', value] };
        if (where === 'key') event.extra = { [`k${value}`]: 1 };
        const result = normaliseContact('complaint', event, options);
        if (!isWellFormed(value)) {
          expect(result.ok ? 'accepted' : result.rejection.code).toBe('invalid_unicode');
          return;
        }
        expect(result.ok).toBe(true);
        if (result.ok) expect(isWellFormed(JSON.stringify(result.contact))).toBe(true);
      }),
      { numRuns: 2_000, seed: 16 },
    );
  });
});
