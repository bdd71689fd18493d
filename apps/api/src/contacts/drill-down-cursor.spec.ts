import { decodeCursor, encodeCursor } from './drill-down-cursor.js';

describe('drill-down cursor', () => {
  it('gives back the position it was made from, to the microsecond', () => {
    const position = { occurredAt: '2026-05-04T10:00:00.123456Z', contactId: '42' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'nonsense'],
    ['a date that does not exist', Buffer.from(JSON.stringify(['2026-02-30T10:00:00.000000Z', '1'])).toString('base64url')],
    ['an id beyond bigint', Buffer.from(JSON.stringify(['2026-05-04T10:00:00.000000Z', '9223372036854775808'])).toString('base64url')],
    ['SQL in the id', Buffer.from(JSON.stringify(['2026-05-04T10:00:00.000000Z', "1'; DROP TABLE contacts; --"])).toString('base64url')],
  ])('refuses %s', (_case, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
