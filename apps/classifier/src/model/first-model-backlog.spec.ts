import type { ClassifyOutcome } from '../classification.service.js';
import { FirstModelBacklog } from './first-model-backlog.js';

// Contacts 1..n stored; `waiting` are the ones no model classified (received before the first model).
function aStore(waiting: number[]) {
  const classified = new Set<number>();
  const queries: string[] = [];
  return {
    classified,
    queries,
    contacts: {
      findIdsAwaitingFirstModel: async (before: Date, after: string, limit: number) => {
        expect(before).toEqual(new Date('2026-12-01T00:00:30Z')); // the first model's creation, and a margin for its INSERT
        queries.push(after);
        return waiting.filter((id) => id > Number(after) && !classified.has(id)).slice(0, limit).map(String);
      },
    },
    classify: async (ids: string[]): Promise<ClassifyOutcome> => {
      ids.forEach((id) => classified.add(Number(id)));
      return { classified: ids.length, unclassified: 0, missing: 0, embedded: 0 };
    },
  };
}
const unlocked = async <T>(work: () => Promise<T>) => ({ locked: true as const, value: await work() });
const firstModel = { id: 1, createdAt: new Date('2026-12-01T00:00:00Z') };
const models = (first = firstModel) => ({ first: async () => first as never });

describe('FirstModelBacklog', () => {
  it('classifies every contact that waited, once the first model serves, and then has nothing more to do', async () => {
    const store = aStore([2, 3, 5, 8, 13]);
    const sut = new FirstModelBacklog(models(), store.contacts, unlocked, { batch: 2, sliceSeconds: 60 });
    const slice = await sut.runSlice(1, store.classify);
    expect(slice).toMatchObject({ finished: true, done: 5, classified: 5 });
    expect([...store.classified].sort((a, b) => a - b)).toEqual([2, 3, 5, 8, 13]);
    expect(await sut.runSlice(1, store.classify)).toBeUndefined();
    expect(sut.progress).toBeUndefined();
  });

  it('does nothing on an instance whose first served model is not the first one stored', async () => {
    const store = aStore([2, 3]);
    const sut = new FirstModelBacklog(models(), store.contacts, unlocked, { batch: 2, sliceSeconds: 60 });
    expect(await sut.runSlice(4, store.classify)).toBeUndefined();
    expect(store.queries).toEqual([]);
    // Nor later, with the first model (a fallback after a newer one proved unservable): it was never this instance's start.
    expect(await sut.runSlice(1, store.classify)).toBeUndefined();
  });

  it('takes the pass up after the last contact of the previous slice, with the model serving by then', async () => {
    const store = aStore([1, 2, 3, 4, 5]);
    let batches = 0;
    const sut = new FirstModelBacklog(models(), store.contacts, unlocked, { batch: 2, sliceSeconds: 60 });
    const first = await sut.runSlice(1, store.classify, { shouldStop: () => batches >= 1, onProgress: () => batches++ });
    expect(first).toMatchObject({ finished: false, done: 2 });
    expect(sut.progress).toMatchObject({ firstModelVersion: 1, done: 2 });
    const second = await sut.runSlice(2, store.classify);
    expect(second).toMatchObject({ finished: true, done: 3, progress: { done: 5 } });
    expect(store.queries).toEqual(['0', '2', '4', '5']);
  });
});
