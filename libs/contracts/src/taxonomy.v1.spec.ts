import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CategoryExamplesV1, TaxonomyCategoryUpdateV1, TaxonomyDocumentV1 } from './taxonomy.v1.js';

// The demo scenario lives beside the project (../shared), as the acceptance checks do.
const SCENARIO = resolve(process.cwd(), '../shared/scenarios/banking77-digital-bank.json');

const problemsOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.message}`);

describe('TaxonomyDocumentV1', () => {
  it('accepts the BANKING77 digital-bank scenario as it is, keeping each category its value-stream fields', () => {
    const sut = TaxonomyDocumentV1.parse(JSON.parse(readFileSync(SCENARIO, 'utf8')));
    expect(sut.categories).toHaveLength(77);
    expect(sut.categories[0]).toEqual({
      key: 'Refund_not_showing_up',
      demandType: 'failure',
      failureType: 'progress-chasing',
      rules: [],
      examples: [],
      attributes: { valueStream: 'card-payments', step: 'refunds-disputes', note: 'refund missing' },
    });
    expect(sut.categories.map((c) => c.key)).toContain('reverted_card_payment?');
  });

  it('ignores top-level fields it does not know', () => {
    const sut = TaxonomyDocumentV1.parse({ valueStreams: [{ key: 'x' }], version: 3, categories: [{ key: 'a', demandType: 'value' }] });
    expect(sut).toEqual({ categories: [{ key: 'a', demandType: 'value', rules: [], examples: [], attributes: {} }] });
  });

  it('keeps name, description, parent, failure type, rules and trimmed examples', () => {
    const sut = TaxonomyDocumentV1.parse({
      categories: [{ key: 'card_arrival', name: 'Card arrival', description: 'Where is my card?', demandType: 'failure', parent: 'cards', failureType: 'progress-chasing', rules: ['card not arrived'], examples: ['  where is my card? '] }],
    });
    expect(sut.categories[0]).toMatchObject({ name: 'Card arrival', parent: 'cards', rules: ['card not arrived'], examples: ['where is my card?'], attributes: {} });
  });

  it.each([
    [{ categories: [] }, 'categories: must hold at least one category'],
    [{ categories: [{ key: 'unclassified', demandType: 'failure' }] }, "categories.0.key: 'unclassified' is reserved for contacts the classifier is not confident about"],
    [{ categories: [{ key: 'card arrival', demandType: 'failure' }] }, 'categories.0.key: may hold only letters, digits, _, -, . and ?'],
    [{ categories: [{ key: 'x'.repeat(101), demandType: 'failure' }] }, 'categories.0.key: must be at most 100 characters'],
    [{ categories: [{ key: '', demandType: 'failure' }] }, 'categories.0.key: must not be empty'],
    [{ categories: [{ key: 'a', demandType: 'both' }] }, "categories.0.demandType: must be 'failure' or 'value'"],
    [{ categories: [{ key: 'a' }] }, "categories.0.demandType: must be 'failure' or 'value'"],
    [{ categories: [{ key: 'a', demandType: 'value', examples: ['ok', ' '] }] }, 'categories.0.examples.1: must not be blank'],
    [{ categories: [{ key: 'a', demandType: 'value', examples: ['x'.repeat(4097)] }] }, 'categories.0.examples.0: must be at most 4096 characters'],
    [{ categories: [{ key: 'a', demandType: 'value', parent: "a'; DROP TABLE contacts; --" }] }, 'categories.0.parent: may hold only letters, digits, _, -, . and ?'],
  ])('names the field and the reason: %j', (document, problem) => {
    expect(problemsOf(TaxonomyDocumentV1.safeParse(document))).toContain(problem);
  });
});

describe('TaxonomyCategoryUpdateV1', () => {
  it('takes a category without its key (the path gives it), extra fields as attributes', () => {
    expect(TaxonomyCategoryUpdateV1.parse({ demandType: 'value', step: 'eligibility' })).toEqual({
      key: undefined,
      demandType: 'value',
      rules: [],
      examples: [],
      attributes: { step: 'eligibility' },
    });
  });
});

describe('CategoryExamplesV1', () => {
  it('takes 1 to 1000 texts', () => {
    expect(problemsOf(CategoryExamplesV1.safeParse({ texts: [] }))).toEqual(['texts: must hold at least one text']);
    expect(problemsOf(CategoryExamplesV1.safeParse({ texts: Array(1001).fill('a') }))).toEqual(['texts: must hold at most 1000 texts']);
    expect(CategoryExamplesV1.parse({ texts: [' a '] })).toEqual({ texts: ['a'] });
  });
});
