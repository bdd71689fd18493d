import type { TopicKey } from '@frictionlens/contracts';

// Synthetic but realistic source events for the ingest benchmark: 1–2 KB of customer prose with
// personal data to redact, a share re-sent (duplicates) and a share malformed, all reproducible
// from a seed so two runs compare like with like.

export interface GeneratedEvent {
  topicKey: Extract<TopicKey, 'tickets' | 'warrantyClaims' | 'complaints'>;
  key: string;
  value: Buffer;
  /** The idempotency key of a valid event; absent for a malformed one. */
  contactKey?: string;
}

export interface GeneratedSet {
  events: GeneratedEvent[];
  uniqueValid: number;
  duplicates: number;
  malformed: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES = [
  'I ordered a replacement card two weeks ago and it still has not arrived.',
  'The app keeps logging me out whenever I try to view my statement.',
  'I was charged twice for the same purchase at the supermarket yesterday.',
  'My transfer to my landlord has been pending for three days now.',
  'Nobody has answered my previous message about the declined payment.',
  'I would like to understand why my top-up by card was not accepted.',
  'The exchange rate applied to my payment abroad looks wrong to me.',
  'I still have not received the refund the merchant promised last week.',
  'This is the third time I am contacting you about the same problem.',
  'Please explain the fee that appeared on my account this morning.',
  'I cannot verify my identity because the upload keeps failing.',
  'The card reader stopped working after only a few days of use.',
  'I need to change my address before the new card is sent out.',
  'Why was my contactless payment declined when I have enough money?',
];

const PERSONAL = [
  () => 'You can reach me at jane.doe@example.com if needed.',
  () => 'Call me back on +44 20 7946 0958 please.',
  () => 'The card is 4111 1111 1111 1111 and it was blocked.',
  () => 'Refund it to GB82 WEST 1234 5698 7654 32 instead.',
  () => 'Send the letter to 221B Baker Street, London NW1 6XE.',
];

const CHANNELS = ['email', 'phone', 'chat', 'web', 'social', 'store', 'letter', 'other'];

export function generateSourceEvents(count: number, options: { seed: number; duplicateRate: number; malformedRate: number; runId: string; createdAt?: () => string }): GeneratedSet {
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const prose = (minBytes: number, maxBytes: number) => {
    const target = minBytes + Math.floor(random() * (maxBytes - minBytes));
    const parts: string[] = [];
    let size = 0;
    while (size < target) {
      const sentence = random() < 0.12 ? pick(PERSONAL)() : pick(SENTENCES);
      parts.push(sentence);
      size += sentence.length + 1;
    }
    return parts.join(' ');
  };
  const createdAt = options.createdAt ?? (() => new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 300 * 86_400_000)).toISOString());

  const events: GeneratedEvent[] = [];
  const valid: GeneratedEvent[] = [];
  let duplicates = 0;
  let malformed = 0;
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < options.malformedRate) {
      malformed++;
      const bad = [
        Buffer.from('{"id": "broken'),
        Buffer.from(JSON.stringify({ id: `bad-${options.runId}-${i}`, createdAt: createdAt(), channel: 'pigeon', description: 'x' })),
        Buffer.from(JSON.stringify({ id: `bad-${options.runId}-${i}`, channel: 'email', description: 'no date' })),
        Buffer.from(JSON.stringify({ id: `bad-${options.runId}-${i}`, createdAt: 'soon', channel: 'web', description: 'bad date' })),
      ][i % 4]!;
      events.push({ topicKey: 'tickets', key: `bad-${i}`, value: bad });
      continue;
    }
    if (roll < options.malformedRate + options.duplicateRate && valid.length > 0) {
      duplicates++;
      events.push(valid[Math.floor(random() * valid.length)]!);
      continue;
    }
    const id = `${options.runId}-${i}`;
    const kindRoll = random();
    let event: GeneratedEvent;
    if (kindRoll < 0.6) {
      const body = { id, createdAt: createdAt(), channel: pick(CHANNELS), subject: pick(SENTENCES), description: prose(900, 1800), customerId: `c-${Math.floor(random() * 20_000)}`, tags: ['bench'], source: 'bench' };
      event = { topicKey: 'tickets', key: id, value: Buffer.from(JSON.stringify(body)), contactKey: `ticket/bench/${id}` };
    } else if (kindRoll < 0.8) {
      const body = { id, createdAt: createdAt(), productSku: `SKU-${Math.floor(random() * 50)}`, failureDescription: prose(900, 1800), serialNumber: `SN-${i}`, source: 'bench' };
      event = { topicKey: 'warrantyClaims', key: id, value: Buffer.from(JSON.stringify(body)), contactKey: `warranty_claim/bench/${id}` };
    } else {
      const body = { id, createdAt: createdAt(), text: prose(900, 1800), channel: pick(CHANNELS), severity: pick(['low', 'medium', 'high']), customerId: `c-${Math.floor(random() * 20_000)}`, source: 'bench' };
      event = { topicKey: 'complaints', key: id, value: Buffer.from(JSON.stringify(body)), contactKey: `complaint/bench/${id}` };
    }
    valid.push(event);
    events.push(event);
  }
  return { events, uniqueValid: valid.length, duplicates, malformed };
}
