import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { Category } from '@frictionlens/domain';
import type { ContactLabel, ContactLabelRepository, ReviewItem, ReviewQueuePage, ReviewQueueQuery, ReviewQueueRepository, StoredLabel, TaxonomyRepository, TaxonomyVersion } from '@frictionlens/persistence';
import { decodeCursor } from './review-queue-cursor.js';
import { ReviewService } from './review.service.js';

// Hand-written fakes of the three repositories the service is given.
class FakeQueue {
  readonly asked: ReviewQueueQuery[] = [];
  constructor(private readonly answer: ReviewQueuePage) {}
  async page(query: ReviewQueueQuery): Promise<ReviewQueuePage> {
    this.asked.push(query);
    return this.answer;
  }
}

class FakeLabels {
  readonly stored: Array<Omit<ContactLabel, 'labelledAt' | 'notForHere'> & { notForHere?: boolean }> = [];
  /** contact id → its category to keep (null: it has none); contacts not here do not exist. */
  constructor(
    private readonly contacts: Map<string, { category: string | null; modelCategory: string | null }>,
  ) {}
  async upsert(label: Omit<ContactLabel, 'labelledAt' | 'notForHere'> & { notForHere?: boolean }): Promise<StoredLabel | undefined> {
    const contact = this.contacts.get(label.contactId);
    if (!contact) return undefined;
    this.stored.push(label);
    return { ...label, notForHere: label.notForHere ?? false, labelledAt: new Date(), modelCategory: contact.modelCategory };
  }
  async categoryToKeep(contactId: string): Promise<string | null | undefined> {
    return this.contacts.get(contactId)?.category;
  }
}

class FakeTaxonomy {
  constructor(private readonly current: TaxonomyVersion | undefined) {}
  async currentVersion(): Promise<TaxonomyVersion | undefined> {
    return this.current;
  }
}

const category = (key: string) => ({ key, name: key, description: null, demandType: 'failure', parent: null, failureType: null, rules: [] }) as unknown as Category;
const taxonomyV2: TaxonomyVersion = { id: 2, createdAt: new Date(), summary: 'v2', failureTypes: [], categories: [category('where-is-my-order'), category('card-declined')] };

const contacts = new Map([
  ['11', { category: 'where-is-my-order', modelCategory: 'where-is-my-order' }],
  ['12', { category: null, modelCategory: null }],
  ['13', { category: 'dropped-in-v2', modelCategory: 'dropped-in-v2' }],
]);

function serviceWith(taxonomy: TaxonomyVersion | undefined, page: ReviewQueuePage = { items: [] }) {
  const queue = new FakeQueue(page);
  const labels = new FakeLabels(contacts);
  const service = new ReviewService(queue as unknown as ReviewQueueRepository, labels as unknown as ContactLabelRepository, new FakeTaxonomy(taxonomy) as unknown as TaxonomyRepository);
  return { service, queue, labels };
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestException);
  const { problems } = (error as BadRequestException).getResponse() as { problems: Array<{ field: string; problem: string }> };
  expect(problems.map((p) => p.field)).toEqual(['category']);
  return problems[0]!.problem;
}

describe('ReviewService (with fake repositories)', () => {
  it('labels a contact against the current taxonomy version and answers the model category it overrides', async () => {
    const { service, labels } = serviceWith(taxonomyV2);
    const answer = await service.label('11', { category: 'card-declined', notForHere: false, reviewer: 'ana' });
    expect(answer).toEqual({ contactId: '11', category: 'card-declined', taxonomyVersion: 2, notForHere: false, previous: 'where-is-my-order' });
    expect(labels.stored).toEqual([{ contactId: '11', categoryKey: 'card-declined', taxonomyVersionId: 2, notForHere: false, reviewer: 'ana' }]);
  });

  it('keeps the category the contact has when the label only says "not for here"', async () => {
    const { service } = serviceWith(taxonomyV2);
    expect(await service.label('11', { notForHere: true })).toMatchObject({ category: 'where-is-my-order', notForHere: true });
  });

  it('refuses, naming the category field: no taxonomy yet, a category not in it, nothing to keep, a kept category the taxonomy dropped', async () => {
    expect(await problemOf(serviceWith(undefined).service.label('11', { category: 'card-declined', notForHere: false }))).toMatch(/no taxonomy has been imported yet/);
    const { service, labels } = serviceWith(taxonomyV2);
    expect(await problemOf(service.label('11', { category: 'nope', notForHere: false }))).toBe("'nope' is not a category of the current taxonomy (version 2)");
    expect(await problemOf(service.label('12', { notForHere: true }))).toMatch(/the contact has no category to keep/);
    expect(await problemOf(service.label('13', { notForHere: true }))).toBe("is required: the contact's category 'dropped-in-v2' is not a category of the current taxonomy (version 2) to keep");
    expect(labels.stored).toEqual([]);
  });

  it('answers 404 for a contact that does not exist, whether it is labelled with a category or kept', async () => {
    const { service } = serviceWith(taxonomyV2);
    await expect(service.label('99', { category: 'card-declined', notForHere: false })).rejects.toThrow(new NotFoundException('contact 99 does not exist'));
    await expect(service.label('99', { notForHere: true })).rejects.toBeInstanceOf(NotFoundException);
  });

  it('pages the queue: dates as ISO strings, a cursor that decodes to where the page ended, no period unless asked', async () => {
    const item: ReviewItem = {
      contactId: '11',
      kind: 'email',
      channel: null,
      occurredAt: new Date('2026-02-03T10:00:00Z'),
      text: 'where is my parcel',
      classification: { category: 'where-is-my-order', confidence: 0.41, top: [], explanation: {}, modelVersion: 4, taxonomyVersion: 2, classifiedAt: new Date('2026-02-03T10:00:01Z') },
    };
    const { service, queue } = serviceWith(taxonomyV2, { items: [item], next: { confidence: '0.41', contactId: '11' } });
    const page = await service.queue({ limit: 1 });
    expect(page.items[0]).toMatchObject({ occurredAt: '2026-02-03T10:00:00.000Z', classification: { classifiedAt: '2026-02-03T10:00:01.000Z' } });
    expect(decodeCursor(page.nextCursor!)).toEqual({ confidence: '0.41', contactId: '11' });
    expect(queue.asked[0]).toEqual({ limit: 1, after: undefined, below: undefined, period: undefined });
    // One bound alone is completed as the metrics complete it (12 weeks before `to`).
    await service.queue({ limit: 5, to: '2026-03-30' });
    expect(queue.asked[1]!.period).toEqual({ from: '2026-01-05', to: '2026-03-30' });
  });
});
