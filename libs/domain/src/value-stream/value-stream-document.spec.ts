import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ValueStreamDocumentV1 } from '@frictionlens/contracts';
import { valueStreamDocumentOf, valueStreamDocumentProblems, valueStreamModelOf, type KnownCategories } from './value-stream-document.js';

const scenario = JSON.parse(readFileSync(resolve(process.cwd(), 'apps/all-in-one/demo/banking77-digital-bank.json'), 'utf8')) as { categories: Array<{ key: string }> };
const taxonomy: KnownCategories = { version: 1, keys: new Set(scenario.categories.map((c) => c.key)) };

const parse = (document: unknown) => ValueStreamDocumentV1.parse(document);
const schemaProblems = (document: unknown) => (ValueStreamDocumentV1.safeParse(document).error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
const problems = (document: unknown, categories: KnownCategories = { version: 3, keys: new Set(['card_arrival', 'charged_twice']) }) =>
  valueStreamDocumentProblems(parse(document), categories).map((p) => `${p.field}: ${p.problem}`);

const cards = { key: 'cards', name: 'Cards', steps: [{ key: 'ordering', order: 1 }, { key: 'delivery', order: 2 }] };
const payments = { key: 'payments', name: 'Payments', steps: [{ key: 'billing', order: 1 }] };

describe('the BANKING77 digital-bank scenario', () => {
  it('is a valid value-stream document as it is', () => {
    expect(valueStreamDocumentProblems(parse(scenario), taxonomy)).toEqual([]);
  });

  it('describes 7 streams of 32 steps, each of its 77 categories linked whole to its step', () => {
    const sut = valueStreamModelOf(parse(scenario));
    expect(sut.valueStreams.map((s) => s.key)).toEqual(['onboarding', 'card-issuing', 'card-payments', 'cash', 'top-ups', 'transfers', 'account-security']);
    expect(sut.valueStreams.flatMap((s) => s.steps)).toHaveLength(32);
    expect(sut.links).toHaveLength(77);
    expect(sut.links[0]).toEqual({ categoryKey: 'Refund_not_showing_up', stepKey: 'refunds-disputes', weight: 1 });
    expect(sut.valueStreams[1]!.steps[0]).toEqual({
      key: 'card-ordering',
      valueStreamKey: 'card-issuing',
      name: 'Card ordering',
      order: 1,
      owner: null,
      processTimeMinutes: null,
      leadTimeHours: null,
      targetCompleteAccurate: null,
      unitName: null,
    });
  });
});

describe('valueStreamModelOf', () => {
  it('orders steps by their order, keeps every step field and reads a split category by its weights', () => {
    const sut = valueStreamModelOf(
      parse({
        valueStreams: [
          {
            key: 'cards',
            name: 'Cards',
            owner: 'Card ops',
            steps: [
              { key: 'delivery', order: 2, name: 'Card delivery', owner: 'Logistics', processTimeMinutes: 5, leadTimeHours: 72, targetCompleteAccurate: 0.98, unitName: 'cards shipped' },
              { key: 'ordering', order: 1 },
            ],
          },
        ],
        categories: [{ key: 'card_arrival', steps: [{ step: 'delivery', weight: 0.7 }, { step: 'ordering', weight: 0.3 }] }],
      }),
    );
    expect(sut.valueStreams[0]!.steps.map((s) => s.key)).toEqual(['ordering', 'delivery']);
    expect(sut.valueStreams[0]!.steps[1]).toMatchObject({ name: 'Card delivery', owner: 'Logistics', processTimeMinutes: 5, leadTimeHours: 72, targetCompleteAccurate: 0.98, unitName: 'cards shipped' });
    expect(sut.links).toEqual([
      { categoryKey: 'card_arrival', stepKey: 'delivery', weight: 0.7 },
      { categoryKey: 'card_arrival', stepKey: 'ordering', weight: 0.3 },
    ]);
  });

  it('keeps weights to four decimals, so thirds add up to 1 within the tolerance', () => {
    const document = { valueStreams: [{ ...cards, steps: [...cards.steps, { key: 'activation', order: 3 }] }], categories: [{ key: 'card_arrival', steps: ['ordering', 'delivery', 'activation'].map((step) => ({ step, weight: 1 / 3 })) }] };
    expect(valueStreamModelOf(parse(document)).links.map((l) => l.weight)).toEqual([0.3333, 0.3333, 0.3333]);
    expect(problems(document)).toEqual([]);
  });
});

describe('valueStreamDocumentProblems', () => {
  it.each([
    [{ valueStreams: [cards, { ...payments, key: 'cards' }] }, "valueStreams.1.key: 'cards' is already the key of valueStreams.0"],
    [{ valueStreams: [cards, { ...payments, steps: [{ key: 'delivery', order: 1 }] }] }, "valueStreams.1.steps.0.key: 'delivery' is already the key of valueStreams.0.steps.1 (step keys are unique across value streams)"],
    [{ valueStreams: [{ ...cards, steps: [{ key: 'a', order: 1 }, { key: 'b', order: 1 }] }] }, 'valueStreams.0.steps.1.order: 1 is already the order of valueStreams.0.steps.0'],
    [{ valueStreams: [cards], categories: [{ key: 'card_arrival', step: 'nowhere' }] }, "categories.0.step: no step has the key 'nowhere'"],
    [{ valueStreams: [cards], categories: [{ key: 'card_arrival', steps: [{ step: 'delivery', weight: 0.5 }, { step: 'gone', weight: 0.5 }] }] }, "categories.0.steps.1.step: no step has the key 'gone'"],
    [{ valueStreams: [cards], categories: [{ key: 'card_arrival', steps: [{ step: 'delivery', weight: 0.6 }, { step: 'ordering', weight: 0.3 }] }] }, 'categories.0.steps: the weights must add up to 1 (they add up to 0.9)'],
    [{ valueStreams: [cards], categories: [{ key: 'card_arrival', steps: [{ step: 'delivery', weight: 0.5 }, { step: 'delivery', weight: 0.5 }] }] }, "categories.0.steps.1.step: 'delivery' is already listed at categories.0.steps.0"],
    [{ valueStreams: [cards], categories: [{ key: 'card_arrival', step: 'delivery', steps: [] }] }, 'categories.0.steps: give either step (weight 1) or steps (with weights), not both'],
    [{ valueStreams: [cards], categories: [{ key: 'card_arrival', step: 'delivery' }, { key: 'card_arrival', step: 'ordering' }] }, "categories.1.key: 'card_arrival' is already listed at categories.0"],
    [{ valueStreams: [cards], categories: [{ key: 'lost_card', step: 'delivery' }] }, "categories.0.key: 'lost_card' is not a category of the current taxonomy (version 3)"],
    [{ valueStreams: [cards, payments], categories: [{ key: 'card_arrival', valueStream: 'payments', step: 'delivery' }] }, "categories.0.valueStream: step 'delivery' is in value stream 'cards', not 'payments'"],
    [{ valueStreams: [cards], categories: [{ key: 'card_arrival', valueStream: 'loans', step: 'delivery' }] }, "categories.0.valueStream: no value stream of the document has the key 'loans'"],
    [{ valueStreams: [cards], handlingCosts: [{ channel: 'email', costPerContact: 4 }, { channel: 'email', costPerContact: 5 }] }, "handlingCosts.1.channel: 'email' already has a cost at handlingCosts.0"],
    [{ valueStreams: [cards], handlingCosts: [{ channel: 'email', costPerContact: 4 }, { channel: 'phone', costPerContact: 6, currency: 'GBP' }] }, "handlingCosts.1.currency: must be EUR as at handlingCosts.0: every channel's cost is in one currency, so costs add up"],
  ])('names the field and the reason: %j', (document, problem) => {
    expect(problems(document)).toContain(problem);
  });

  it('refuses links before any taxonomy was imported', () => {
    const sut = valueStreamDocumentProblems(parse({ valueStreams: [cards], categories: [{ key: 'card_arrival', step: 'delivery' }] }), undefined);
    expect(sut).toEqual([{ field: 'categories', problem: 'no taxonomy has been imported yet: import one (POST /v1/taxonomy/import) before linking its categories to steps' }]);
  });

  it('accepts a category with no steps (not linked) and weights within 0.0001 of 1', () => {
    expect(problems({ valueStreams: [cards], categories: [{ key: 'card_arrival', steps: [] }, { key: 'charged_twice', steps: [{ step: 'delivery', weight: 0.6667 }, { step: 'ordering', weight: 0.3334 }] }] })).toEqual([]);
  });
});

describe('the ValueStreamDocumentV1 schema', () => {
  it.each([
    [{ valueStreams: [] }, 'valueStreams: must hold at least one value stream'],
    [{ valueStreams: [{ ...cards, steps: [] }] }, 'valueStreams.0.steps: must hold at least one step'],
    [{ valueStreams: [{ ...cards, steps: [{ key: 'card ordering', order: 1 }] }] }, 'valueStreams.0.steps.0.key: may hold only letters, digits, _, - and .'],
    [{ valueStreams: [{ ...cards, steps: [{ key: "x'; DROP TABLE value_streams; --", order: 1 }] }] }, 'valueStreams.0.steps.0.key: may hold only letters, digits, _, - and .'],
    [{ valueStreams: [{ ...cards, steps: [{ key: 'a', order: 0 }] }] }, 'valueStreams.0.steps.0.order: must be at least 1'],
    [{ valueStreams: [{ ...cards, steps: [{ key: 'a', order: 1.5 }] }] }, 'valueStreams.0.steps.0.order: must be a whole number'],
    [{ valueStreams: [{ ...cards, steps: [{ key: 'a', order: 1, targetCompleteAccurate: 98 }] }] }, 'valueStreams.0.steps.0.targetCompleteAccurate: must be at most 1 (0.98 = 98%)'],
    [{ valueStreams: [{ ...cards, steps: [{ key: 'a', order: 1, leadTimeHours: -1 }] }] }, 'valueStreams.0.steps.0.leadTimeHours: must not be negative'],
    [{ valueStreams: [{ key: 'cards', steps: cards.steps }] }, 'valueStreams.0.name: Invalid input: expected string, received undefined'],
    [{ valueStreams: [cards], categories: [{ key: 'card_arrival', steps: [{ step: 'delivery', weight: 0 }] }] }, 'categories.0.steps.0.weight: must be above 0 (at least 0.0001)'],
    [{ valueStreams: [cards], categories: [{ key: 'card_arrival', steps: [{ step: 'delivery', weight: 1.5 }] }] }, 'categories.0.steps.0.weight: must be at most 1'],
    [{ valueStreams: [cards], handlingCosts: [{ channel: 'fax', costPerContact: 1 }] }, 'handlingCosts.0.channel: must be one of email, phone, chat, web, social, store, letter, other'],
    [{ valueStreams: [cards], handlingCosts: [{ channel: 'email', costPerContact: 1, currency: 'euro' }] }, 'handlingCosts.0.currency: must be an ISO 4217 code such as EUR'],
  ])('names the field and the reason: %j', (document, problem) => {
    expect(schemaProblems(document)).toContain(problem);
  });
});

describe('valueStreamDocumentOf', () => {
  it('gives a document that imports as the same model, a whole link written as valueStream + step', () => {
    const model = valueStreamModelOf(
      parse({
        valueStreams: [{ ...cards, description: 'From order to activation', steps: [{ key: 'ordering', order: 1, leadTimeHours: 0.5, targetCompleteAccurate: 0.95 }, { key: 'delivery', order: 2 }] }, payments],
        categories: [
          { key: 'card_arrival', step: 'delivery' },
          { key: 'charged_twice', steps: [{ step: 'billing', weight: 0.6 }, { step: 'delivery', weight: 0.4 }] },
        ],
      }),
    );
    const sut = valueStreamDocumentOf(model, [{ channel: 'phone', costPerContact: 6.5, currency: 'EUR' }], 'exported');
    expect(sut.categories).toEqual([
      { key: 'card_arrival', valueStream: 'cards', step: 'delivery' },
      { key: 'charged_twice', steps: [{ step: 'billing', weight: 0.6 }, { step: 'delivery', weight: 0.4 }] },
    ]);
    expect(valueStreamModelOf(parse(sut))).toEqual(model);
    expect(parse(sut).handlingCosts).toEqual([{ channel: 'phone', costPerContact: 6.5, currency: 'EUR' }]);
  });
});
