import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import type { Producer } from 'kafkajs';
import { topicName } from '@frictionlens/contracts';
import { ensureTopics } from '@frictionlens/kafka';
import { aComplaint, aTicket, malformedTickets } from '../factories/source-events.js';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';

const ENTRY = 'dist/apps/ingest/src/main.js';

// The compiled ingest service in its own process, as deployed, and SIGTERM ends it cleanly.
describe('the ingest service process', () => {
  let database: TestDatabase;
  let db: pg.Pool;
  let producer: Producer;
  let service: ChildProcess;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: npm test builds it first (npm run build)`);
    database = await freshDatabase();
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    const prefix = freshTopicPrefix();
    const kafka = testKafka();
    await ensureTopics(kafka, ['tickets', 'complaints'].map((key) => ({ topic: topicName(key as 'tickets', prefix), numPartitions: 3 })));
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    service = spawn(process.execPath, [ENTRY], {
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        CUSTOMER_HASH_KEY: 'process-test-key-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const tickets = Array.from({ length: 300 }, () => aTicket());
    await producer.send({
      topic: topicName('tickets', prefix),
      messages: [...tickets, ...tickets.slice(0, 30)].map((t) => ({ key: String(t.id), value: JSON.stringify(t) })).concat(malformedTickets().map((m) => ({ key: 'bad', value: m.value.toString('latin1') }))),
    });
    const complaints = Array.from({ length: 100 }, () => aComplaint());
    await producer.send({ topic: topicName('complaints', prefix), messages: complaints.map((c) => ({ key: String(c.id), value: JSON.stringify(c) })) });
  });

  afterAll(async () => {
    if (service.exitCode === null) service.kill('SIGKILL');
    await producer.disconnect();
    await db.end();
    await database.drop();
  });

  it('stores every unique valid event once, with no raw personal data', async () => {
    const started = Date.now();
    let count = 0;
    while (Date.now() - started < 90_000) {
      count = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM contacts')).rows[0]!.n);
      if (count >= 400 || service.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(count).toBe(400);
    const { rows } = await db.query<{ text: string }>("SELECT text FROM contacts WHERE text LIKE '%@%' OR text ~ '\\d{4} \\d{4} \\d{4}'");
    expect(rows).toEqual([]);
  });

  it('logs JSON lines and stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => service.once('exit', (code) => resolve(code)));
    service.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = output.split('\n').filter((line) => line.trim().startsWith('{'));
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(output).not.toContain('jane.doe@example.com');
  });
});
