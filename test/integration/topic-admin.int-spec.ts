import { ensureTopics } from '@frictionlens/kafka';
import { freshTopicPrefix, testKafka } from '../setup/test-env.js';

// Every worker of a clustered instance creates the topics it needs at start-up, at the same moment.
describe('ensureTopics on the real broker', () => {
  it('lets several processes create the same topics at once: no error, and each topic is said to be created once', async () => {
    const kafka = testKafka();
    const prefix = freshTopicPrefix();
    const specs = ['a', 'b', 'c'].map((name) => ({ topic: `${prefix}${name}`, numPartitions: 3 }));

    const created = await Promise.all([ensureTopics(kafka, specs), ensureTopics(kafka, specs), ensureTopics(kafka, specs)]);

    expect(created.flat().sort()).toEqual(specs.map((s) => s.topic));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
      expect(topics.map((t) => t.partitions.length)).toEqual([3, 3, 3]);
      expect(await ensureTopics(kafka, specs)).toEqual([]);
      await admin.deleteTopics({ topics: specs.map((s) => s.topic) });
    } finally {
      await admin.disconnect();
    }
  });
});
