import type { Admin } from 'kafkajs';
import { awaitLeaders } from './topic-admin.js';

type Metadata = Awaited<ReturnType<Admin['fetchTopicMetadata']>>;

// A broker's answers in turn: metadata, or an error to throw.
function brokerAnswering(...answers: Array<Metadata | Error>): Pick<Admin, 'fetchTopicMetadata'> & { calls: number } {
  const admin = {
    calls: 0,
    fetchTopicMetadata: () => {
      const answer = answers[Math.min(admin.calls++, answers.length - 1)]!;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  return admin;
}
const partition = (leader: number) => ({ partitionErrorCode: 0, partitionId: 0, leader, replicas: [1], isr: [1], offlineReplicas: [] });
const metadata = (leader: number): Metadata => ({ topics: [{ name: 'a', partitions: [partition(leader)] }] });
const kafkaError = (message: string, retriable: boolean) => Object.assign(new Error(message), { retriable, type: retriable ? 'UNKNOWN_TOPIC_OR_PARTITION' : 'TOPIC_AUTHORIZATION_FAILED' });

describe('awaitLeaders', () => {
  it('asks again while a just-created topic is unknown to the broker or has no leader, until it has one', async () => {
    const admin = brokerAnswering(kafkaError('This server does not host this topic-partition', true), { topics: [] }, metadata(-1), metadata(1));
    await awaitLeaders(admin, ['a'], 5_000, 1);
    expect(admin.calls).toBe(4);
  });

  it('gives up at once on an error the broker does not call retriable', async () => {
    const admin = brokerAnswering(kafkaError('Not authorized to access topics', false), metadata(1));
    await expect(awaitLeaders(admin, ['a'], 5_000, 1)).rejects.toThrow('Not authorized to access topics');
    expect(admin.calls).toBe(1);
  });

  it('gives up after the wait, naming the topics and what the broker last said', async () => {
    const admin = brokerAnswering(metadata(-1));
    await expect(awaitLeaders(admin, ['a'], 20, 5)).rejects.toThrow(/^topics a were created, but after 20 ms: no leader yet for a$/);
    expect(admin.calls).toBeGreaterThan(1);
  });
});
