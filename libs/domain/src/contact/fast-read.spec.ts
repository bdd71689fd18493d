import { ComplaintV1, TicketV1, WarrantyClaimV1, type ContactKind } from '@frictionlens/contracts';
import { fastRead } from './fast-read.js';

const schemas = { ticket: TicketV1, warranty_claim: WarrantyClaimV1, complaint: ComplaintV1 } as const;

const base: Record<ContactKind, Record<string, unknown>> = {
  ticket: { id: 'T-1', createdAt: '2024-05-01T09:30:00Z', channel: 'email', description: 'The drum leaks.' },
  warranty_claim: { id: 'W-1', createdAt: '2024-05-01', productSku: 'WM-1400', failureDescription: 'Motor burnt out.' },
  complaint: { id: 'C-1', createdAt: '2024-05-01T09:30:00.123+02:00', text: 'Nobody called me back.' },
};

// Variations of each field, valid and not: the fast path must either agree with zod or step aside.
const variations: Array<Record<string, unknown>> = [
  {},
  { id: '  T-2  ' },
  { id: '' },
  { id: '   ' },
  { id: 42 },
  { id: 4.5 },
  { id: null },
  { id: undefined },
  { createdAt: '2024-02-30T10:00:00Z' },
  { createdAt: '2024-02-29T10:00:00Z' },
  { createdAt: '2023-02-29' },
  { createdAt: '2024-05-01T09:30:00' },
  { createdAt: '2024-05-01T24:00:00Z' },
  { createdAt: '2024-05-01T09:30:00.5-05:30' },
  { createdAt: ' 2024-05-01' },
  { createdAt: 20240501 },
  { channel: 'phone' },
  { channel: 'Phone' },
  { channel: 'pigeon' },
  { channel: null },
  { channel: undefined },
  { subject: '  Washer  ' },
  { subject: '' },
  { subject: 7 },
  { description: '' },
  { description: 5 },
  { customerId: '  CUST-1 ' },
  { customerId: '' },
  { customerId: 17 },
  { customerId: null },
  { productSku: ' SKU-1 ' },
  { productSku: '   ' },
  { productSku: null },
  { orderId: 'ORD-1', tags: ['a', 'b'] },
  { tags: [] },
  { tags: ['a', 1] },
  { tags: 'a' },
  { tags: null },
  { language: 'en-gb' },
  { language: ' EN ' },
  { language: '' },
  { language: 'english language' },
  { language: 3 },
  { source: ' Zendesk ' },
  { source: '' },
  { source: 1 },
  { serialNumber: ' SN-1 ', dealerId: 'D-1' },
  { serialNumber: 99 },
  { purchaseDate: '2023-12-24' },
  { purchaseDate: 'last week' },
  { purchaseDate: null },
  { severity: 'high' },
  { severity: 'HIGH' },
  { severity: null },
  { failureDescription: 'x', text: 'y', extra: { nested: ['z'] } },
  { text: null },
];

describe('fastRead', () => {
  for (const kind of Object.keys(base) as ContactKind[]) {
    it.each(variations.map((v) => [JSON.stringify(v), v] as const))(`${kind} %s: agrees with zod or leaves it to zod`, (_name, variation) => {
      const event = { ...base[kind], ...variation };
      const quick = fastRead(kind, event);
      if (quick === undefined) return; // zod decides, as before
      const parsed = schemas[kind].safeParse(event);
      expect(parsed.success).toBe(true);
      const data = parsed.data as Record<string, unknown>;
      for (const [key, value] of Object.entries(quick)) expect([key, value]).toEqual([key, data[key]]);
      for (const key of Object.keys(schemas[kind].shape)) expect([key, (quick as Record<string, unknown>)[key]]).toEqual([key, data[key]]);
    });
  }

  it('takes the usual well-formed event without zod', () => {
    expect(fastRead('ticket', { ...base.ticket, customerId: ' C-1 ', tags: ['x'], language: 'en-GB', source: 'zendesk' })).toMatchObject({ id: 'T-1', customerId: 'C-1', tags: ['x'] });
    expect(fastRead('warranty_claim', base.warranty_claim)).toMatchObject({ productSku: 'WM-1400' });
    expect(fastRead('complaint', { ...base.complaint, severity: 'low', channel: 'web' })).toMatchObject({ severity: 'low' });
  });

  it.each([
    ['ticket', { ...base.ticket, channel: 'pigeon' }],
    ['ticket', { ...base.ticket, createdAt: 'soon' }],
    ['ticket', { ...base.ticket, description: undefined }],
    ['warranty_claim', { ...base.warranty_claim, productSku: ' ' }],
    ['complaint', { ...base.complaint, severity: 'urgent' }],
  ] as const)('leaves an invalid %s to zod', (kind, event) => {
    expect(fastRead(kind, event)).toBeUndefined();
  });
});
