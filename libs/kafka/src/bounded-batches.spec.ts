import type { Message } from 'kafkajs';
import { boundSend, recordBytes } from './bounded-batches.js';
import { murmur2 } from './key-partitioner.js';

const aMessage = (key: string, valueBytes: number): Message => ({ key, value: 'v'.repeat(valueBytes) });
const partitionOf = (key: string, partitions: number) => (murmur2(Buffer.from(key)) & 0x7fffffff) % partitions;
const keysOf = (messages: Message[]) => messages.map((m) => String(m.key));

describe('recordBytes', () => {
  it('counts key, value and headers in UTF-8 bytes plus the framing', () => {
    const bare = recordBytes({ key: null, value: null });
    expect(recordBytes({ key: 'ab', value: 'é' })).toBe(bare + 2 + 2);
    expect(recordBytes({ key: Buffer.alloc(5), value: Buffer.alloc(100) })).toBe(bare + 105);
    const headed = recordBytes({ key: null, value: null, headers: { h: 'xyz', many: ['a', Buffer.alloc(3)] } });
    expect(headed - bare).toBe(1 + 3 + (4 + 1) + (4 + 3) + 3 * 10);
  });

  it('is never below the size kafkajs encodes', () => {
    // 40 bytes of framing bound the varints of one record from above.
    expect(recordBytes({ key: 'k', value: 'v' })).toBeGreaterThanOrEqual(1 + 1 + 1 + 1 + 10 + 5 + 1 + 1 + 1 + 1 + 1);
  });
});

describe('boundSend', () => {
  it('sends a batch that fits as one request of the very same messages', () => {
    const messages = [aMessage('a', 100), aMessage('b', 100)];
    const sut = boundSend(messages, { maxBatchBytes: 10_000, partitions: 3 });
    expect(sut.requests).toEqual([messages]);
    expect(sut.requests[0]![0]).toBe(messages[0]);
    expect(sut.tooLarge).toEqual([]);
  });

  it('keeps every partition batch of every request within the limit and each partition in order', () => {
    const messages = Array.from({ length: 500 }, (_, i) => aMessage(`contact-${i}`, 50 + (i % 7) * 30));
    const maxBatchBytes = 4_000;
    const sut = boundSend(messages, { maxBatchBytes, partitions: 3 });
    expect(sut.requests.length).toBeGreaterThan(1);
    for (const request of sut.requests) {
      for (let p = 0; p < 3; p++) {
        const batch = request.filter((m) => m.partition === p);
        expect(batch.reduce((n, m) => n + recordBytes(m), 0)).toBeLessThanOrEqual(maxBatchBytes);
      }
    }
    const sent = sut.requests.flat();
    expect(sent).toHaveLength(500);
    for (let p = 0; p < 3; p++) {
      const expected = keysOf(messages.filter((m) => partitionOf(String(m.key), 3) === p));
      expect(keysOf(sent.filter((m) => m.partition === p))).toEqual(expected);
    }
  });

  it('puts each message where the producer would have, its key decides', () => {
    const messages = Array.from({ length: 100 }, (_, i) => aMessage(`k${i}`, 100));
    const sut = boundSend(messages, { maxBatchBytes: 1_000, partitions: 6 });
    for (const m of sut.requests.flat()) expect(m.partition).toBe(partitionOf(String(m.key), 6));
  });

  it('carries one chunk of every partition per request, so partitions go in parallel', () => {
    // Two keys on different partitions, 10 chunks' worth each: 10 requests, not 20.
    const a = 'k0';
    const b = Array.from({ length: 20 }, (_, i) => `k${i + 1}`).find((k) => partitionOf(k, 2) !== partitionOf(a, 2))!;
    const messages = Array.from({ length: 20 }, (_, i) => aMessage(i % 2 ? a : b, 900));
    const sut = boundSend(messages, { maxBatchBytes: 1_000, partitions: 2 });
    expect(sut.requests).toHaveLength(10);
    for (const request of sut.requests) expect(new Set(request.map((m) => m.partition)).size).toBe(2);
  });

  it('bounds the whole send when the partitions are unknown', () => {
    const messages = Array.from({ length: 30 }, (_, i) => aMessage(`k${i}`, 200));
    const sut = boundSend(messages, { maxBatchBytes: 1_000 });
    for (const request of sut.requests) expect(request.reduce((n, m) => n + recordBytes(m), 0)).toBeLessThanOrEqual(1_000);
    expect(keysOf(sut.requests.flat())).toEqual(keysOf(messages));
    expect(sut.requests.flat()[0]).toBe(messages[0]); // no partition is set
  });

  it('keeps a request within the request limit by leaving partitions for the next one', () => {
    const messages = Array.from({ length: 60 }, (_, i) => aMessage(`k${i}`, 400));
    const sut = boundSend(messages, { maxBatchBytes: 1_000, partitions: 6, maxRequestBytes: 2_000 });
    for (const request of sut.requests) expect(request.reduce((n, m) => n + recordBytes(m), 0)).toBeLessThanOrEqual(2_000);
    expect(sut.requests.flat()).toHaveLength(60);
  });

  it('sets aside a lone message larger than the limit and sends the rest in order', () => {
    const messages = [aMessage('same', 100), aMessage('same', 5_000), aMessage('same', 100), aMessage('same', 100)];
    const sut = boundSend(messages, { maxBatchBytes: 1_000, partitions: 4 });
    expect(sut.tooLarge).toEqual([{ message: messages[1], bytes: recordBytes(messages[1]!) }]);
    expect(sut.requests.flat().map((m) => String(m.value).length)).toEqual([100, 100, 100]);
  });

  it('sends nothing when the only message is too large', () => {
    const sut = boundSend([aMessage('x', 2_000)], { maxBatchBytes: 1_000, partitions: 1 });
    expect(sut.requests).toEqual([]);
    expect(sut.tooLarge).toHaveLength(1);
  });
});
