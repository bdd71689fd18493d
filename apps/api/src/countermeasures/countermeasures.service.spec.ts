import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { CountermeasureV1 } from '@frictionlens/contracts';
import type { Category, Countermeasure, ValueStreamStep } from '@frictionlens/domain';
import type { CountermeasureFields, CountermeasureRepository, TaxonomyRepository, TaxonomyVersion, ValueStreamRepository } from '@frictionlens/persistence';
import { CountermeasuresService } from './countermeasures.service.js';

// Hand-written fakes of the three repositories the service is given: rows in memory.
class FakeCountermeasures {
  readonly rows = new Map<number, Countermeasure>();
  /** Set to make the next write fail as PostgreSQL does when the step was deleted meanwhile. */
  stepDeletedMeanwhile = false;
  private nextId = 1;

  async create(fields: CountermeasureFields): Promise<Countermeasure> {
    this.failIfStepDeleted();
    const row = { ...fields, id: this.nextId++, valueStreamKey: 'vs', createdAt: new Date('2026-01-01T00:00:00Z') };
    this.rows.set(row.id, row);
    return row;
  }
  async find(id: number): Promise<Countermeasure | undefined> {
    return this.rows.get(id);
  }
  async list(filter: { steps?: string[]; statuses?: string[] } = {}): Promise<Countermeasure[]> {
    return [...this.rows.values()].filter((c) => (!filter.steps || filter.steps.includes(c.stepKey)) && (!filter.statuses || filter.statuses.includes(c.status)));
  }
  async update(id: number, fields: CountermeasureFields): Promise<Countermeasure | undefined> {
    this.failIfStepDeleted();
    const row = this.rows.get(id);
    if (!row) return undefined;
    const updated = { ...row, ...fields };
    this.rows.set(id, updated);
    return updated;
  }
  async remove(id: number): Promise<boolean> {
    return this.rows.delete(id);
  }
  private failIfStepDeleted(): void {
    if (!this.stepDeletedMeanwhile) return;
    const error = new QueryFailedError('INSERT INTO countermeasures …', [], new Error('violates foreign key constraint'));
    (error.driverError as { code?: string }).code = '23503';
    throw error;
  }
}

class FakeStreams {
  constructor(private readonly stepKeys: string[]) {}
  async findStep(key: string): Promise<ValueStreamStep | undefined> {
    if (!this.stepKeys.includes(key)) return undefined;
    return { key, valueStreamKey: 'vs', name: key, order: 1, owner: null, processTimeMinutes: null, leadTimeHours: null, targetCompleteAccurate: null, unitName: null };
  }
}

class FakeTaxonomy {
  constructor(private readonly current: TaxonomyVersion | undefined) {}
  async currentVersion(): Promise<TaxonomyVersion | undefined> {
    return this.current;
  }
}

function category(key: string): Category {
  return { key, name: key, description: null, demandType: 'failure', parent: null, failureType: null, rules: [], examples: [], attributes: {} } as unknown as Category;
}

const taxonomyV3: TaxonomyVersion = { id: 3, createdAt: new Date(), summary: 'v3', failureTypes: [], categories: [category('where-is-my-order'), category('refund-chasing')] };

// As the controller hands it over: parsed by the contract (description and owner left out).
const body = CountermeasureV1.parse({ step: 'dispatch', categories: ['where-is-my-order'], title: 'Send tracking links', startedOn: '2026-03-02', status: 'in-progress' });

// No default: a default parameter would stand in for an explicit `undefined` (no taxonomy yet).
function serviceWith(taxonomy: TaxonomyVersion | undefined) {
  const countermeasures = new FakeCountermeasures();
  // The service sees only the methods it calls; the fakes have exactly those.
  const service = new CountermeasuresService(
    countermeasures as unknown as CountermeasureRepository,
    new FakeStreams(['dispatch', 'returns']) as unknown as ValueStreamRepository,
    new FakeTaxonomy(taxonomy) as unknown as TaxonomyRepository,
  );
  return { service, countermeasures };
}

async function problemsOf(promise: Promise<unknown>): Promise<Array<{ field: string; problem: string }>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestException);
  return ((error as BadRequestException).getResponse() as { problems: Array<{ field: string; problem: string }> }).problems;
}

describe('CountermeasuresService (with fake repositories)', () => {
  it('creates a countermeasure on an existing step and answers it with its stream and the fields as given', async () => {
    const { service, countermeasures } = serviceWith(taxonomyV3);
    const created = await service.create(body);
    expect(created).toMatchObject({ id: 1, step: 'dispatch', valueStream: 'vs', categories: ['where-is-my-order'], title: 'Send tracking links', description: null, owner: null, startedOn: '2026-03-02', status: 'in-progress' });
    expect(countermeasures.rows.size).toBe(1);
  });

  it('names every bad field at once (unknown step, categories not in the current taxonomy) and stores nothing', async () => {
    const { service, countermeasures } = serviceWith(taxonomyV3);
    const problems = await problemsOf(service.create({ ...body, step: 'no-such-step', categories: ['refund-chasing', 'gone', 'also-gone'] }));
    expect(problems.map((p) => p.field)).toEqual(['step', 'categories.1', 'categories.2']);
    expect(problems[1]!.problem).toBe("'gone' is not a category of the current taxonomy (version 3)");
    expect(countermeasures.rows.size).toBe(0);
  });

  it('refuses categories before any taxonomy exists, but takes none (every category of the step)', async () => {
    const { service } = serviceWith(undefined);
    expect(await problemsOf(service.create(body))).toEqual([{ field: 'categories.0', problem: 'no taxonomy has been imported yet' }]);
    await expect(service.create({ ...body, categories: [] })).resolves.toMatchObject({ categories: [] });
  });

  it('turns a step deleted between the check and the write (foreign key violation) into a 400 on step', async () => {
    const { service, countermeasures } = serviceWith(taxonomyV3);
    countermeasures.stepDeletedMeanwhile = true;
    expect(await problemsOf(service.create(body))).toEqual([{ field: 'step', problem: "no step has the key 'dispatch' (GET /v1/value-streams lists them)" }]);
  });

  it('answers 404 for a countermeasure that does not exist, on get, put and delete', async () => {
    const { service } = serviceWith(taxonomyV3);
    await expect(service.get(7)).rejects.toThrow(new NotFoundException('countermeasure 7 does not exist'));
    await expect(service.put(7, body)).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.remove(7)).rejects.toBeInstanceOf(NotFoundException);
  });

  it('replaces every field on put, and lists by step and status; an unknown step in the filter is a 404', async () => {
    const { service } = serviceWith(taxonomyV3);
    const { id } = await service.create(body);
    await service.create({ ...body, step: 'returns', status: 'planned' });
    const replaced = await service.put(id, { ...body, title: 'Tracking links by SMS', owner: 'ops', status: 'done' });
    expect(replaced).toMatchObject({ id, title: 'Tracking links by SMS', owner: 'ops', status: 'done' });
    expect((await service.list({ step: 'returns' })).map((c) => c.step)).toEqual(['returns']);
    expect((await service.list({ status: 'done' })).map((c) => c.id)).toEqual([id]);
    await expect(service.list({ step: 'nowhere' })).rejects.toBeInstanceOf(NotFoundException);
  });
});
