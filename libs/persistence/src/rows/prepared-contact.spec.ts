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
