import { createRequire } from 'node:module';

// KafkaContactOutbox gives each message kafkajs's own offsetDelta and timestampDelta (a faster
// object copy inside kafkajs, see there). That is only safe while kafkajs sets both itself before
// encoding: this checks it on the pinned version, so an upgrade that stops doing so fails here.
const require = createRequire(import.meta.url);
const Long = require('kafkajs/src/utils/long') as { fromInt(n: number): unknown };
const produceV3 = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (request: object) => { encode(): Promise<{ buffer: Buffer }> };

async function encoded(messages: object[]): Promise<Buffer> {
  const request = produceV3({
    acks: -1,
    timeout: 30_000,
    compression: 0,
    producerId: Long.fromInt(5),
    producerEpoch: 0,
    topicData: [{ topic: 'cx.contacts.v1', partitions: [{ partition: 0, firstSequence: 0, messages }] }],
  });
  return (await request.encode()).buffer;
}

describe('kafkajs produce encoding (pinned 2.2.4)', () => {
  it('sets offsetDelta and timestampDelta itself: messages that carry other values encode to the same bytes', async () => {
    const plain = Array.from({ length: 5 }, (_, i) => ({ key: String(100 + i), value: JSON.stringify({ contactId: String(100 + i) }), timestamp: String(1_700_000_000_000 + i) }));
    const carrying = plain.map((m, i) => ({ ...m, offsetDelta: 40 + i, timestampDelta: 999 }));
    const bytes = await encoded(plain);
    expect(bytes.length).toBeGreaterThan(100);
    expect((await encoded(carrying)).equals(bytes)).toBe(true);
  });
});
