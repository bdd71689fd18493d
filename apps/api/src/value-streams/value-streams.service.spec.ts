import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { Category, CategoryStepLink, ValueStreamStep } from '@frictionlens/domain';
import type { HandlingCostRepository, TaxonomyVersion, TransactionRepositories, TransactionRunner, ValueStreamRepository } from '@frictionlens/persistence';
import { ValueStreamsService } from './value-streams.service.js';

// Hand-written fakes: one journal of what the transaction did, in order, and whether it committed.
class FakeTransaction {
  readonly journal: string[] = [];
  links: CategoryStepLink[] = [];

  constructor(
    private readonly taxonomyVersion: TaxonomyVersion | undefined,
    private readonly stepKeys: string[],
  ) {}

  readonly taxonomy = {
    lockForChange: async () => {
      this.journal.push('lock taxonomy');
      return this.taxonomyVersion;
    },
  };
  readonly valueStreams = {
    lockForModelChange: async () => void this.journal.push('lock model'),
    steps: async (): Promise<ValueStreamStep[]> => this.stepKeys.map((key) => ({ key, valueStreamKey: 'cards', name: key, order: 1, owner: null, processTimeMinutes: null, leadTimeHours: null, targetCompleteAccurate: null, unitName: null })),
    replaceLinksOf: async (category: string, links: ReadonlyArray<{ stepKey: string; weight: number }>) => {
      this.journal.push(`link ${category}`);
      this.links = links.map((l) => ({ categoryKey: category, ...l }));
    },
    links: async (category?: string) => this.links.filter((l) => l.categoryKey === category),
  };
  readonly rollups = { rebuild: async () => void this.journal.push('recount rollups') };
}

class FakeTransactions {
  committed = 0;
  rolledBack = 0;
  constructor(readonly tx: FakeTransaction) {}
  // DataSource.transaction's semantics: commit when the work settles, roll back when it throws.
  async run<T>(work: (tx: TransactionRepositories) => Promise<T>): Promise<T> {
    try {
      const result = await work(this.tx as unknown as TransactionRepositories);
      this.committed++;
      return result;
    } catch (error) {
      this.rolledBack++;
      throw error;
    }
  }
}

const category = (key: string) => ({ key, name: key, description: null, demandType: 'failure', parent: null, failureType: null, rules: [] }) as unknown as Category;
const taxonomyV4: TaxonomyVersion = { id: 4, createdAt: new Date(), summary: 'v4', failureTypes: [], categories: [category('card-not-arrived')] };

function serviceWith(taxonomy: TaxonomyVersion | undefined) {
  const transactions = new FakeTransactions(new FakeTransaction(taxonomy, ['card-production', 'card-delivery']));
  const service = new ValueStreamsService({} as ValueStreamRepository, {} as HandlingCostRepository, transactions as unknown as TransactionRunner);
  return { service, transactions, tx: transactions.tx };
}

describe('ValueStreamsService.putCategorySteps (with a fake transaction runner)', () => {
  it('links a category and recounts the rollups in the same transaction, after locking the taxonomy and the model', async () => {
    const { service, transactions, tx } = serviceWith(taxonomyV4);
    const answer = await service.putCategorySteps('card-not-arrived', { steps: [{ step: 'card-delivery', weight: 0.75 }, { step: 'card-production', weight: 0.25 }] });
    expect(answer).toEqual({
      category: 'card-not-arrived',
      steps: [
        { step: 'card-delivery', valueStream: 'cards', weight: 0.75 },
        { step: 'card-production', valueStream: 'cards', weight: 0.25 },
      ],
    });
    expect(tx.journal).toEqual(['lock taxonomy', 'lock model', 'link card-not-arrived', 'recount rollups']);
    expect(transactions.committed).toBe(1);
  });

  it('rolls back without linking or recounting for a step that does not exist (400 naming it)', async () => {
    const { service, transactions, tx } = serviceWith(taxonomyV4);
    const error: unknown = await service.putCategorySteps('card-not-arrived', { steps: [{ step: 'nowhere', weight: 1 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect(JSON.stringify((error as BadRequestException).getResponse())).toContain('steps.0');
    expect(tx.journal).toEqual(['lock taxonomy', 'lock model']);
    expect(transactions.rolledBack).toBe(1);
  });

  it('answers 404 for a category the current taxonomy lacks, or before any taxonomy, but lets any category be unlinked', async () => {
    await expect(serviceWith(taxonomyV4).service.putCategorySteps('gone', { steps: [{ step: 'card-delivery', weight: 1 }] })).rejects.toThrow(new NotFoundException("taxonomy version 4 has no category 'gone'"));
    await expect(serviceWith(undefined).service.putCategorySteps('card-not-arrived', { steps: [{ step: 'card-delivery', weight: 1 }] })).rejects.toBeInstanceOf(NotFoundException);
    const { service, tx } = serviceWith(taxonomyV4);
    expect(await service.putCategorySteps('gone', { steps: [] })).toEqual({ category: 'gone', steps: [] });
    expect(tx.journal).toEqual(['lock taxonomy', 'lock model', 'link gone', 'recount rollups']);
  });
});
