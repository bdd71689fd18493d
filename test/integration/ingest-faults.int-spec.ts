import { topicName } from '@frictionlens/contracts';
import { membersWithPartitions, useIngestFixture } from '../factories/ingest-fixture.js';
import {
  anInboundMix,
  difference,
  explainedBy,
  ingestGroupId,
  noDifference,
  produceInbound,
  readTopic,
  sourceAddress,
  spawnIngest,
  storedCount,
  storedSourceIds,
  storedSummary,
  uncommitted,
  waitFor,
} from '../factories/ingest-process.js';

// The compiled ingest service killed without warning (SIGKILL: no shutdown hook, no commit):
// whatever it had stored but not committed is delivered again, and the idempotent write absorbs it.

describe('ingest faults: killed processes', () => {
  describe('a service SIGKILLed mid-run and started again', () => {
    const given = useIngestFixture(3);

    it('stores exactly the unique valid events, dead-letters every malformed one and hands every contact on', async () => {
      const mix = anInboundMix({ valid: 20_000, duplicateShare: 0.05, malformed: 50 });
      const malformedAt = await produceInbound(given.producer, given.prefix, mix.messages, 3);
      const unique = mix.sourceIds.length;

      const first = spawnIngest(given.env());
      given.processes.push(first);
      // Kill once a few batches are in, so some are committed and some are stored but not yet committed.
      await waitFor(() => storedCount(given.db), (n) => n >= unique * 0.15 || !first.running(), 60_000, 20);
      const firstExit = await first.kill('SIGKILL');
      const storedWhenKilled = await storedCount(given.db);

      const second = spawnIngest(given.env());
      given.processes.push(second);
      const behind = await waitFor(() => uncommitted(given.admin, ingestGroupId(given.prefix), given.inboundTopics()), (n) => n === 0 || !second.running(), 90_000, 250);

      await explainedBy([first, second], async () => {
        expect(firstExit).toEqual({ code: null, signal: 'SIGKILL' });
        expect(storedWhenKilled).toBeGreaterThan(0);
        expect(storedWhenKilled).toBeLessThan(unique);
        expect(second.running()).toBe(true);
        expect(behind).toBe(0);

        expect(await storedSummary(given.db)).toEqual({ rows: unique, distinctKeys: unique });
        expect(difference(mix.sourceIds, await storedSourceIds(given.db))).toEqual(noDifference);

        const deadLetters = await readTopic(given.kafka, topicName('deadLetter', given.prefix));
        expect(deadLetters.length).toBeGreaterThanOrEqual(mix.malformed);
        expect(difference(malformedAt, deadLetters.map(sourceAddress))).toEqual(noDifference);

        // A kill between the database commit and the publish must not lose the hand-on: the
        // re-delivered event publishes its already stored contact again.
        const handedOn = await readTopic(given.kafka, topicName('contacts', given.prefix));
        const contactIds = handedOn.map((m) => String((JSON.parse(m.value!.toString()) as { contactId: string }).contactId));
        const { rows } = await given.db.query<{ id: string }>('SELECT id::text AS id FROM contacts');
        expect(difference(rows.map((r) => r.id), contactIds)).toEqual(noDifference);
      });
    });
  });

  describe('two instances in one group, one SIGKILLed', () => {
    const given = useIngestFixture(6);

    it('lets the survivor take over the partitions of the killed one and store every unique valid event once', async () => {
      const survivor = spawnIngest(given.env());
      const victim = spawnIngest(given.env());
      given.processes.push(survivor, victim);
      const sharing = await waitFor(() => membersWithPartitions(given.admin, ingestGroupId(given.prefix)), (n) => n === 2, 60_000, 250);

      const mix = anInboundMix({ valid: 30_000, duplicateShare: 0.05, malformed: 30 });
      const unique = mix.sourceIds.length;
      await produceInbound(given.producer, given.prefix, mix.messages, 6);
      await waitFor(() => storedCount(given.db), (n) => n >= unique * 0.2 || !survivor.running() || !victim.running(), 60_000, 20);
      const victimExit = await victim.kill('SIGKILL');
      const storedWhenKilled = await storedCount(given.db);

      // The broker notices the dead member only when its session (30 s) times out, then rebalances.
      const behind = await waitFor(() => uncommitted(given.admin, ingestGroupId(given.prefix), given.inboundTopics()), (n) => n === 0 || !survivor.running(), 100_000, 250);

      await explainedBy([survivor, victim], async () => {
        expect(sharing).toBe(2);
        expect(victimExit).toEqual({ code: null, signal: 'SIGKILL' });
        expect(storedWhenKilled).toBeLessThan(unique);
        expect(survivor.running()).toBe(true);
        expect(behind).toBe(0);
        expect(await membersWithPartitions(given.admin, ingestGroupId(given.prefix))).toBe(1);
        expect(await storedSummary(given.db)).toEqual({ rows: unique, distinctKeys: unique });
        expect(difference(mix.sourceIds, await storedSourceIds(given.db))).toEqual(noDifference);
      });
    });
  });
});
