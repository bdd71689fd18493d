import { randomUUID } from 'node:crypto';

// Source events as senders post them. Defaults are valid; each test overrides what it is about.
// The personal data below is fake, but shaped like the real thing so redaction is exercised.

export const personalData = {
  email: 'jane.doe@example.com',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  iban: 'GB82 WEST 1234 5698 7654 32',
  customerId: 'cust-000-jane-doe',
} as const;

export function aTicket(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `T-${randomUUID()}`,
    createdAt: '2026-05-04T09:30:00Z',
    channel: 'email',
    subject: 'Where is my card?',
    description: `I ordered a new card two weeks ago and it has still not arrived. Reach me at ${personalData.email} or ${personalData.phone}.`,
    customerId: personalData.customerId,
    source: 'zendesk',
    tags: ['card', 'delivery'],
    ...overrides,
  };
}

export function aWarrantyClaim(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `W-${randomUUID()}`,
    createdAt: '2026-05-05T10:00:00Z',
    productSku: 'CARD-READER-2',
    failureDescription: `The card reader stopped working after a week. Refund to ${personalData.iban} please.`,
    serialNumber: 'SN-778812',
    source: 'salesforce',
    ...overrides,
  };
}

export function aComplaint(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `C-${randomUUID()}`,
    createdAt: '2026-05-06T11:15:00Z',
    text: `I was charged twice on card ${personalData.card}. This is the third time!`,
    channel: 'phone',
    severity: 'high',
    customerId: personalData.customerId,
    ...overrides,
  };
}

/** One malformed message per rejection the ingest contract names, with the code it must get. */
export function malformedTickets(): Array<{ value: Buffer; code: string }> {
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));
  const { description: _description, ...withoutDescription } = aTicket();
  return [
    { value: Buffer.from('{"id": "T-1", "createdAt": '), code: 'invalid_json' },
    { value: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), code: 'invalid_utf8' },
    { value: json(['not', 'an', 'object']), code: 'not_an_object' },
    { value: json(withoutDescription), code: 'missing_field' },
    { value: json(aTicket({ id: { nested: true } })), code: 'invalid_field' },
    { value: json(aTicket({ channel: 'carrier-pigeon' })), code: 'unknown_channel' },
    { value: json(aTicket({ createdAt: 'last Tuesday' })), code: 'invalid_date' },
    { value: json(aTicket({ createdAt: '2199-01-01T00:00:00Z' })), code: 'future_date' },
    { value: json(aTicket({ subject: ' ', description: '   ' })), code: 'empty_text' },
    { value: json(aTicket({ description: 'x'.repeat(70_000) })), code: 'text_too_large' },
  ];
}
