import type { ConsumedMessage } from './batch-consumer.js';
import { DeadLetterHeaders, deadLetterMessage, MESSAGE_TOO_LARGE, tooLargeReference } from './dead-letter.js';

const email = 'jane.doe@example.com';
const card = '4111 1111 1111 1111';
const rejectedAt = new Date('2026-05-04T09:30:00Z');
const reason = { code: 'missing_field', problem: 'is required', field: 'createdAt' };

const aConsumed = (value: Buffer | string | null, overrides: Partial<ConsumedMessage> = {}): ConsumedMessage => ({
  topic: 'cx.tickets.v1',
  partition: 2,
  offset: '417',
  key: Buffer.from(email),
  value: value === null ? null : Buffer.from(value),
  headers: {},
  timestamp: '0',
  ...overrides,
});

describe('deadLetterMessage', () => {
  it('is keyed by its source coordinates, so a re-delivered rejection carries the same key', () => {
    const sut = deadLetterMessage(aConsumed('{}'), reason, rejectedAt);
    expect(sut.key).toBe('cx.tickets.v1:2:417');
    expect(sut.headers).toMatchObject({
      [DeadLetterHeaders.topic]: 'cx.tickets.v1',
      [DeadLetterHeaders.partition]: '2',
      [DeadLetterHeaders.offset]: '417',
      [DeadLetterHeaders.code]: 'missing_field',
      [DeadLetterHeaders.field]: 'createdAt',
      [DeadLetterHeaders.rejectedAt]: '2026-05-04T09:30:00.000Z',
    });
  });

  it('redacts every string, key and number of a JSON value, at any depth', () => {
    const event = { id: 'T-1', text: `mail ${email}`, payment: { card, raw: 4111111111111111 }, [email]: [`call ${card}`] };
    const sut = deadLetterMessage(aConsumed(JSON.stringify(event)), reason, rejectedAt);
    const value = sut.value!.toString();
    expect(value).not.toContain('jane.doe');
    expect(value).not.toContain('4111');
    expect(JSON.parse(value)).toEqual({ id: 'T-1', text: 'mail [EMAIL]', payment: { card: '[CARD]', raw: '[CARD]' }, '[EMAIL]': ['call [CARD]'] });
  });

  it('redacts a value that is not JSON as text', () => {
    const sut = deadLetterMessage(aConsumed(`{"text": "mail ${email} card ${card}`), reason, rejectedAt);
    expect(sut.value!.toString()).toBe('{"text": "mail [EMAIL] card [CARD]');
  });

  it('keeps the source key only redacted, in a header', () => {
    const sut = deadLetterMessage(aConsumed('{}'), reason, rejectedAt);
    expect(sut.headers![DeadLetterHeaders.sourceKey]).toBe('[EMAIL]');
  });

  it('redacts the source headers and keeps those with nothing to redact byte for byte', () => {
    const binary = Buffer.from([0xff, 0x00, 0x01]);
    const sut = deadLetterMessage(aConsumed('{}', { headers: { from: Buffer.from(email), trace: binary } }), reason, rejectedAt);
    expect(sut.headers!.from).toBe('[EMAIL]');
    expect(sut.headers!.trace).toBe(binary);
  });

  it('records the size of the original value', () => {
    const sut = deadLetterMessage(aConsumed(`{"e": "${email}"}`), reason, rejectedAt);
    expect(sut.headers![DeadLetterHeaders.valueBytes]).toBe(String(`{"e": "${email}"}`.length));
  });

  it('leaves out a value larger than the limit and says so', () => {
    const sut = deadLetterMessage(aConsumed('x'.repeat(2_000)), reason, rejectedAt, { maxValueBytes: 1_000 });
    expect(sut.value).toBeNull();
    expect(sut.headers).toMatchObject({ [DeadLetterHeaders.valueOmitted]: MESSAGE_TOO_LARGE, [DeadLetterHeaders.valueBytes]: '2000', [DeadLetterHeaders.code]: 'missing_field' });
  });

  it('withholds an integer too long to have kept its digits', () => {
    const sut = deadLetterMessage(aConsumed('{"n": 4111111111111111111}'), reason, rejectedAt);
    expect(sut.value!.toString()).toBe('{"n":"[CARD]"}');
  });

  it('redacts nesting too deep to walk as text', () => {
    const deep = `${'['.repeat(20_000)}"${email}"${']'.repeat(20_000)}`;
    const sut = deadLetterMessage(aConsumed(deep), reason, rejectedAt);
    expect(sut.value!.toString()).toContain('"[EMAIL]"');
    expect(sut.value!.toString()).not.toContain(email);
  });
});

describe('tooLargeReference', () => {
  it('refers to an unpublishable message by its target topic and size, with its key redacted and no value', () => {
    const sut = tooLargeReference({ key: email, value: 'x'.repeat(5_000), headers: { other: 'h' } }, 'cx.contacts.v1', 5_040, 1_000, rejectedAt);
    expect(sut.key).toBe('[EMAIL]');
    expect(sut.value).toBeNull();
    expect(sut.headers).toEqual({
      [DeadLetterHeaders.code]: MESSAGE_TOO_LARGE,
      [DeadLetterHeaders.problem]: expect.stringContaining('5040 bytes'),
      [DeadLetterHeaders.valueBytes]: '5000',
      [DeadLetterHeaders.rejectedAt]: rejectedAt.toISOString(),
      [DeadLetterHeaders.valueOmitted]: MESSAGE_TOO_LARGE,
      [DeadLetterHeaders.targetTopic]: 'cx.contacts.v1',
    });
  });

  it('keeps a dead letter’s coordinates, key and reason', () => {
    const letter = deadLetterMessage(aConsumed('x'.repeat(3_000)), reason, rejectedAt);
    const sut = tooLargeReference(letter, 'cx.deadletter.v1', 3_500, 1_000, new Date());
    expect(sut.key).toBe('cx.tickets.v1:2:417');
    expect(sut.value).toBeNull();
    expect(sut.headers).toMatchObject({
      [DeadLetterHeaders.code]: 'missing_field',
      [DeadLetterHeaders.offset]: '417',
      [DeadLetterHeaders.valueBytes]: '3000',
      [DeadLetterHeaders.valueOmitted]: MESSAGE_TOO_LARGE,
      [DeadLetterHeaders.rejectedAt]: rejectedAt.toISOString(),
    });
  });
});
