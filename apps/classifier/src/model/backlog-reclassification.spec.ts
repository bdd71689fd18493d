import { reclassificationCause, type ModelStep } from './backlog-reclassification.js';
import { reclassifyOutdated } from './reclassify-outdated.js';

describe('reclassificationCause', () => {
  // Taxonomy 3 added a category by hand (no discoveredBy): its discovered keys are taxonomy 2's.
  const discovered: Record<number, string[]> = { 1: ['card_arrival'], 2: ['card_arrival', 'top_up_failed'], 3: ['card_arrival', 'top_up_failed'] };
  const keysOf = (taxonomy: number) => new Set(discovered[taxonomy] ?? []);
  const model = (id: number, kind: string, taxonomyVersionId: number): ModelStep => ({ id, kind, taxonomyVersionId });

  it('is the first model learned from examples after one of rules alone (a cold start)', () => {
    expect(reclassificationCause([model(1, 'rules', 1), model(2, 'linear', 2)], keysOf)).toMatchObject({ modelVersionId: 2 });
  });

  it('is a model whose taxonomy gained categories accepted from discovery', () => {
    const cause = reclassificationCause([model(1, 'linear', 1), model(2, 'encoder', 2), model(3, 'encoder', 3)], keysOf);
    expect(cause).toEqual({ modelVersionId: 2, reason: 'model 2 knows categories accepted from discovery that model 1 did not: top_up_failed' });
  });

  it('is none for a first model, a retrain on labels, or a category added by hand', () => {
    expect(reclassificationCause([model(1, 'linear', 1)], keysOf)).toBeUndefined();
    expect(reclassificationCause([model(1, 'linear', 2), model(2, 'linear', 2)], keysOf)).toBeUndefined();
    expect(reclassificationCause([model(1, 'linear', 2), model(2, 'linear', 3)], keysOf)).toBeUndefined();
  });

  it('is none when the newest models are rules alone', () => {
    expect(reclassificationCause([model(1, 'rules', 1), model(2, 'rules', 2)], keysOf)).toBeUndefined();
  });
});

describe('reclassifyOutdated', () => {
  // A backlog of 7 contacts, each standing at a model version; classify moves them to model 5
  // (one row per contact and model, as the repository stores them) and can crash on a batch.
  function backlog() {
    const standing = new Map(Array.from({ length: 7 }, (_, i) => [String(i + 1), 1]));
    const rows: string[] = [];
    let crashAt = -1;
    let calls = 0;
    return {
      standing,
      rows,
      crashOnCall: (n: number) => (crashAt = n),
      pass: {
        findIdsToReclassify: async (modelVersionId: number, after: string, limit: number) =>
          [...standing].filter(([id, model]) => model < modelVersionId && Number(id) > Number(after)).map(([id]) => id).slice(0, limit),
        classify: async (ids: string[]) => {
          if (calls++ === crashAt) throw new Error('killed');
          for (const id of ids) {
            if (standing.get(id) !== 5) rows.push(id);
            standing.set(id, 5);
          }
          return { classified: ids.length, unclassified: 0, missing: 0, embedded: 0 };
        },
      },
    };
  }

  it('classifies every outdated contact once, batch by batch', async () => {
    const { pass, rows } = backlog();
    const seen: number[] = [];
    const outcome = await reclassifyOutdated(pass, { modelVersionId: 5, batch: 3, onBatch: (t) => seen.push(t.done) });
    expect(outcome).toMatchObject({ done: 7, classified: 7, finished: true });
    expect(seen).toEqual([3, 6, 7]);
    expect(rows.sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('is finished by running it again after a crash part-way, each contact classified once', async () => {
    const { pass, rows, crashOnCall, standing } = backlog();
    crashOnCall(1);
    await expect(reclassifyOutdated(pass, { modelVersionId: 5, batch: 3 })).rejects.toThrow('killed');
    expect([...standing.values()].filter((m) => m === 5)).toHaveLength(3);
    const again = await reclassifyOutdated(pass, { modelVersionId: 5, batch: 3 });
    expect(again).toMatchObject({ done: 4, finished: true });
    expect(rows.sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(await reclassifyOutdated(pass, { modelVersionId: 5, batch: 3 })).toMatchObject({ done: 0, finished: true });
  });

  it('stops between batches when asked, and says it did not finish', async () => {
    const { pass } = backlog();
    let batches = 0;
    const outcome = await reclassifyOutdated(pass, { modelVersionId: 5, batch: 2, onBatch: () => batches++, shouldStop: () => batches >= 2 });
    expect(outcome).toMatchObject({ done: 4, finished: false });
  });
});
