import { BadRequestException } from '@nestjs/common';
import type { KnownKeys } from '@frictionlens/domain';
import { MetricsKeys, type KeyedFilter } from './metrics-keys.js';

const keys = (steps: string[]): Record<KeyedFilter, KnownKeys> => ({
  valueStream: { noun: 'value stream', keys: ['cards'] },
  step: { noun: 'step', keys: steps, listedAt: 'GET /v1/value-streams' },
  category: { noun: 'category', keys: ['card_arrival', 'unclassified'] },
  failureType: { noun: 'failure type', keys: ['repeat', 'not-for-here'] },
});

function setUp(following = true) {
  let steps = ['billing', 'card-delivery'];
  const state = { following, loads: 0 };
  const known = new MetricsKeys(
    async () => {
      state.loads++;
      return keys([...steps]);
    },
    () => state.following,
  );
  return { known, state, setSteps: (next: string[]) => (steps = next) };
}

async function problemOf(check: Promise<void>): Promise<unknown> {
  const error = await check.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestException);
  return (error as BadRequestException).getResponse();
}

describe('MetricsKeys', () => {
  it('answers the 400 of the API, naming the key and the closest known one', async () => {
    const { known } = setUp();
    expect(await problemOf(known.check({ step: ['card-delivry'], category: ['card_arival'] }))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "step: no step 'card-delivry'; did you mean 'card-delivery'? (GET /v1/value-streams lists them); category: no category 'card_arival'; did you mean 'card_arrival'?",
      problems: [
        { field: 'step', problem: "no step 'card-delivry'; did you mean 'card-delivery'? (GET /v1/value-streams lists them)" },
        { field: 'category', problem: "no category 'card_arival'; did you mean 'card_arrival'?" },
      ],
    });
  });

  it('loads nothing when no keyed filter is asked for', async () => {
    const { known, state } = setUp();
    await known.check({});
    await known.check({ step: undefined, category: undefined });
    expect(state.loads).toBe(0);
  });

  it('keeps the keys while nothing changed, and loads them again after a change', async () => {
    const { known, state, setSteps } = setUp();
    await known.check({ step: ['billing'] });
    await known.check({ step: ['card-delivery'], valueStream: ['cards'] });
    expect(state.loads).toBe(1);
    setSteps(['billing']);
    known.changed();
    await expect(known.check({ step: ['card-delivery'] })).rejects.toBeInstanceOf(BadRequestException);
    expect(state.loads).toBe(2);
  });

  it('looks a key up afresh before calling it unknown (its notification may still be on its way)', async () => {
    const { known, state, setSteps } = setUp();
    await known.check({ step: ['billing'] });
    setSteps(['billing', 'top-up']);
    await known.check({ step: ['top-up'] });
    expect(state.loads).toBe(2);
    await known.check({ step: ['top-up'] });
    expect(state.loads).toBe(2);
  });

  it('loads them for every request while changes cannot be heard', async () => {
    const { known, state } = setUp(false);
    await known.check({ step: ['billing'] });
    await known.check({ step: ['billing'] });
    expect(state.loads).toBe(2);
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    let loads = 0;
    const known = new MetricsKeys(async () => {
      loads++;
      if (fail) throw new Error('database down');
      return keys(['billing']);
    }, () => true);
    await expect(known.check({ step: ['billing'] })).rejects.toThrow('database down');
    fail = false;
    await known.check({ step: ['billing'] });
    expect(loads).toBe(2);
  });
});
