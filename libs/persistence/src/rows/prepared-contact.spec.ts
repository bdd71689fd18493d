import { CONTACT_COPY_COLUMNS, prepareContact } from './prepared-contact.js';

const aContact = (overrides: Partial<Parameters<typeof prepareContact>[0]> = {}) => ({
  kind: 'ticket' as const,
  source: 'zendesk',
  sourceId: 'T-1',
  occurredAt: new Date('2026-05-04T09:30:00Z'),
  channel: 'email' as const,
  productSku: null,
  text: 'Where is my card?',
  language: null,
  customerHash: null,
  attributes: {},
  ...overrides,
});

describe('prepareContact', () => {
  it('writes one COPY line with a field per column, NULL as \\N', () => {
    const sut = prepareContact(aContact());
    const fields = sut.row.toString('utf8').replace(/\n$/, '').split('\t');
    expect(fields).toHaveLength(CONTACT_COPY_COLUMNS.length);
    expect(fields).toEqual(['ticket', 'zendesk', 'T-1', '2026-05-04T09:30:00.000Z', 'email', '\\N', 'Where is my card?', '\\N', '\\N', '{}']);
  });

  it('escapes tabs, newlines, carriage returns and backslashes so the text survives COPY', () => {
    const row = prepareContact(aContact({ text: 'a\tb\nc\rd\\e \\N' })).row.toString('utf8');
    expect(row.split('\t')[6]).toBe('a\\tb\\nc\\rd\\\\e \\\\N');
    expect(row.endsWith('\n')).toBe(true);
    expect(row.slice(0, -1)).not.toMatch(/\n/);
  });

  it('encodes the row as UTF-8', () => {
    expect(prepareContact(aContact({ text: 'Grüße 💳' })).row.toString('utf8').split('\t')[6]).toBe('Grüße 💳');
  });

  it('keeps the metadata beside the row', () => {
    const sut = prepareContact(aContact({ customerHash: 'abc' }));
    expect(sut).toMatchObject({ kind: 'ticket', source: 'zendesk', sourceId: 'T-1', occurredAt: '2026-05-04T09:30:00.000Z', customerHash: 'abc' });
  });
});

describe('prepareContact against the one-pass regex escaping it replaced', () => {
  // The previous implementation: every field escaped by one regex pass, joined, encoded by Buffer.from.
  const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  const reference = (contact: ReturnType<typeof aContact>) =>
    Buffer.from(
      [contact.kind, contact.source, contact.sourceId, contact.occurredAt.toISOString(), contact.channel, contact.productSku, contact.text, contact.language, contact.customerHash, JSON.stringify(contact.attributes)]
        .map((value) => (value === null ? '\\N' : value.replace(/[\\\n\r\t]/g, (special) => ESCAPES[special]!)))
        .join('\t') + '\n',
      'utf8',
    );

  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const pieces = ['a', 'Z', ' ', '\\', '\n', '\r', '\t', '\\N', 'ü', '’', '💳', '\ud800', '"', '\u0001', '{', '9', 'card 4111 1111 1111 1111'];
  const someText = (most: number) => Array.from({ length: Math.floor(random() * most) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
  const orNull = (value: string) => (random() < 0.3 ? null : value);

  it('writes the same bytes on 5,000 generated contacts, long ones included', () => {
    for (let i = 0; i < 5_000; i++) {
      const contact = aContact({
        source: someText(8) || 'unspecified',
        sourceId: someText(12) || 'id',
        productSku: orNull(someText(10)),
        text: i % 500 === 0 ? someText(30_000) : someText(400),
        language: orNull(someText(6)),
        customerHash: orNull(someText(64)),
        attributes: random() < 0.5 ? {} : { tags: [someText(10), someText(10)], [someText(5)]: { deep: someText(20) } },
      });
      expect(prepareContact(contact).row.equals(reference(contact))).toBe(true);
    }
  });

  it('gives each row its own bytes when many share a slab', () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => prepareContact(aContact({ sourceId: `T-${i}`, text: 'x'.repeat(1_500) })).row);
    rows.forEach((row, i) => expect(row.toString('utf8').split('\t')[2]).toBe(`T-${i}`));
  });
});
