import { existsSync } from 'node:fs';
import pg from 'pg';
import { AssignerProtocol, type Admin, type Kafka, type Producer } from 'kafkajs';
import { ensureTopics } from '@frictionlens/kafka';
import { freshDatabase, freshTopicPrefix, testKafka, testKafkaBrokers, type TestDatabase } from '../setup/test-env.js';
import { INGEST_ENTRY, inboundTopics, type IngestProcess } from './ingest-process.js';

// What the tests that run the compiled ingest service against real Kafka and PostgreSQL set up:
// a fresh database, fresh topics, a producer and an admin; and what they ask the group.

export interface IngestFixture {
  database: TestDatabase;
  db: pg.Pool;
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  prefix: string;
  processes: IngestProcess[];
  env(): { DATABASE_URL: string; KAFKA_BROKERS: string; KAFKA_TOPIC_PREFIX: string };
  inboundTopics(): string[];
}

/** A fresh database, fresh topics (inbound ones with `partitions`), a producer and an admin. */
export function useIngestFixture(partitions: number): IngestFixture {
  const fixture = { processes: [] as IngestProcess[] } as unknown as IngestFixture;
  beforeAll(async () => {
    if (!existsSync(INGEST_ENTRY)) throw new Error(`${INGEST_ENTRY} is missing: npm test builds it first (npm run build)`);
    fixture.database = await freshDatabase();
    fixture.db = new pg.Pool({ connectionString: fixture.database.url, max: 2 });
    fixture.prefix = freshTopicPrefix();
    fixture.kafka = testKafka();
    fixture.inboundTopics = () => inboundTopics(fixture.prefix);
    fixture.env = () => ({ DATABASE_URL: fixture.database.url, KAFKA_BROKERS: testKafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: fixture.prefix });
    await ensureTopics(fixture.kafka, fixture.inboundTopics().map((topic) => ({ topic, numPartitions: partitions })));
    fixture.admin = fixture.kafka.admin();
    await fixture.admin.connect();
    fixture.producer = fixture.kafka.producer({ idempotent: true });
    await fixture.producer.connect();
  });
  afterAll(async () => {
    await Promise.all(fixture.processes.map((p) => p.kill('SIGKILL')));
    await fixture.producer?.disconnect();
    await fixture.admin?.disconnect();
    await fixture.db?.end();
    await fixture.database?.drop();
  });
  return fixture;
}

/** Members of the ingest group that hold at least one partition, once the group is stable (0 before). */
export async function membersWithPartitions(admin: Admin, groupId: string): Promise<number> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  if (!group || group.state !== 'Stable') return 0;
  return group.members.filter((member) => {
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    return Object.values(assignment?.assignment ?? {}).some((partitions) => partitions.length > 0);
  }).length;
}
