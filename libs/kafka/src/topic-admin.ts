import type { Admin, Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** How long ensureTopics waits for new topics' partitions to have leaders. */
export const LEADER_WAIT_MS = 30_000;

/**
 * Creates the topics that do not exist yet and leaves the others alone, so every service can
 * call it at start-up. Returns the names it created. Returns once every partition of the topics
 * that were missing has a leader, whoever created them.
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], leaderWaitMs = LEADER_WAIT_MS): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return [];
    // false when another process created them first (every worker of an instance calls this at start-up).
    // Not kafkajs' waitForLeaders: it asks again only while the answer is LEADER_NOT_AVAILABLE, and
    // a broker that has just created a topic may still answer UNKNOWN_TOPIC_OR_PARTITION for it
    // (seen in CI: the ingest service then failed to start).
    const created = await admin.createTopics({ waitForLeaders: false, topics: missing.map((spec) => ({ topic: spec.topic, numPartitions: spec.numPartitions })) });
    await awaitLeaders(admin, missing.map((spec) => spec.topic), leaderWaitMs);
    return created ? missing.map((spec) => spec.topic) : [];
  } finally {
    await admin.disconnect();
  }
}

/**
 * Resolves once every partition of `topics` has a leader, asking the broker again every
 * `pauseMs` while it does not know them yet or answers with an error it calls retriable; any
 * other error, or `waitMs` without leaders, rejects saying which topics.
 */
export async function awaitLeaders(admin: Pick<Admin, 'fetchTopicMetadata'>, topics: readonly string[], waitMs: number, pauseMs = 100): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    let problem: string;
    try {
      const { topics: known } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = topics.filter((topic) => {
        const partitions = known.find((t) => t.name === topic)?.partitions ?? [];
        return partitions.length === 0 || partitions.some((p) => p.leader < 0);
      });
      if (leaderless.length === 0) return;
      problem = `no leader yet for ${leaderless.join(', ')}`;
    } catch (error) {
      if ((error as { retriable?: unknown }).retriable !== true) throw error;
      problem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`topics ${topics.join(', ')} were created, but after ${waitMs} ms: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
