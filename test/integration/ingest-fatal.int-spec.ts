import { useIngestFixture } from '../factories/ingest-fixture.js';
import { anInboundMix, difference, explainedBy, ingestGroupId, noDifference, produceInbound, spawnIngest, storedSourceIds, uncommitted, waitFor } from '../factories/ingest-process.js';

// A consumer that cannot go on ends the compiled service through Nest's shutdown, not a bare
// process.exit: the reason is logged, the application closes in order, the exit code is 1 (so a
// supervisor restarts it), and what it left uncommitted is stored by the next start.

describe('ingest: a fatal consumer error', () => {
  const given = useIngestFixture(2);

  it('closes the service in order, exits 1 with the reason, and the next start stores every event once', async () => {
    const mix = anInboundMix({ valid: 2_000, duplicateShare: 0, malformed: 0 });
    await produceInbound(given.producer, given.prefix, mix.messages, 2);

    // A stall limit of 1 ms: the first attempt at a batch is taken as stuck, which is fatal.
    const stalled = spawnIngest({ ...given.env(), INGEST_BATCH_STALL_TIMEOUT_MS: '1', LOG_LEVEL: 'info' });
    given.processes.push(stalled);
    const exit = await waitFor(async () => (stalled.running() ? undefined : await stalled.exited), (done) => done !== undefined, 60_000, 100);

    const restarted = spawnIngest(given.env());
    given.processes.push(restarted);
    const behind = await waitFor(() => uncommitted(given.admin, ingestGroupId(given.prefix), given.inboundTopics()), (n) => n === 0 || !restarted.running(), 90_000, 250);

    await explainedBy([stalled, restarted], async () => {
      expect(exit).toEqual({ code: 1, signal: null });
      const output = stalled.output();
      const reason = output.search(/has not finished after \d+ s; the consumer is stuck/);
      const shuttingDown = output.indexOf('a Kafka consumer cannot go on (crashed or stuck); shutting down');
      const stopped = output.lastIndexOf('"msg":"stopped"');
      expect(reason).toBeGreaterThanOrEqual(0);
      expect(shuttingDown).toBeGreaterThan(reason);
      // "stopped" is logged only once app.close() has finished: the orderly path, not the grace timer.
      expect(stopped).toBeGreaterThan(shuttingDown);
      expect(output).not.toMatch(/did not finish in time/);

      expect(behind).toBe(0);
      expect(difference(mix.sourceIds, await storedSourceIds(given.db))).toEqual(noDifference);
    });
  });
});
