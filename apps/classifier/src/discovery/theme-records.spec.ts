import type { Discovery } from '@frictionlens/nlp';
import type { Category } from '@frictionlens/domain';
import type { ScopedContact } from '@frictionlens/persistence';
import { themeRecordsOf, type ThemeContext } from './theme-records.js';

// Six contacts in two themes on the axes of a 3-d space (a common third component, as sentence
// embeddings share one), a category near the first theme with a step link, and a dismissed theme
// whose centroid is the second's.
const contact = (id: number, day: string): ScopedContact => ({ id: String(id), text: `text ${id}`, occurredAt: new Date(`${day}T10:00:00Z`), category: 'unclassified' });
const contacts = [contact(1, '2026-05-04'), contact(2, '2026-05-05'), contact(3, '2026-05-12'), contact(4, '2026-05-04'), contact(5, '2026-05-13'), contact(6, '2026-05-14')];
const data = new Float32Array([1, 0, 1, 0.9, 0.1, 1, 1, 0.1, 1, 0, 1, 1, 0.1, 0.9, 1, 0, 1, 1]);
const discovery: Discovery = {
  themes: [
    { members: [0, 1, 2], size: 3, name: 'card, arrival', terms: [{ term: 'card', weight: 0.5 }, { term: 'arrival', weight: 0.3 }], examples: [{ row: 0, similarity: 0.9 }] },
    { members: [3, 4, 5], size: 3, name: 'pin', terms: [{ term: 'pin', weight: 0.6 }], examples: [{ row: 5, similarity: 0.9 }] },
  ],
  assignments: Int32Array.from([0, 0, 0, 1, 1, 1]),
  estimate: { count: 2 } as Discovery['estimate'],
};
const cards: Category = { key: 'card_arrival', name: 'Card arrival', description: null, demandType: 'failure', parent: 'cards', failureType: 'progress-chasing', rules: [], attributes: {} };
const context = (overrides: Partial<ThemeContext> = {}): ThemeContext => ({
  contacts,
  matrix: { data, rows: 6, dimensions: 3 },
  space: 'sha-minilm',
  categories: [cards],
  categoryRows: new Map([['card_arrival', { data: new Float32Array([1, 0.05, 1]), rows: 1, dimensions: 3 }]]),
  links: [{ categoryKey: 'card_arrival', stepKey: 'card-delivery', weight: 1 }],
  dismissed: [],
  ...overrides,
});

describe('themeRecordsOf', () => {
  it("gives each theme its members by contact id (nearest first), examples, trend on the run's weeks and suggestions", () => {
    const [first, second] = themeRecordsOf(discovery, context());
    expect(first!.members.map((m) => m.contactId)).toHaveLength(3);
    expect(first!.members[0]!.similarity).toBeGreaterThanOrEqual(first!.members[2]!.similarity);
    expect(first!.examples).toEqual([{ contactId: '1', similarity: expect.any(Number) }]);
    expect(first!.weeklyTrend).toEqual([{ week: '2026-05-04', count: 2 }, { week: '2026-05-11', count: 1 }]);
    expect(second!.weeklyTrend).toEqual([{ week: '2026-05-04', count: 1 }, { week: '2026-05-11', count: 2 }]);
    expect(first!.suggestions).toMatchObject({ key: 'card_arrival', demandType: 'failure', failureType: 'progress-chasing', parent: 'cards', step: { key: 'card-delivery', through: 'card_arrival' } });
    // With the common component taken out, the second theme is nowhere near the category.
    const near = second!.suggestions['nearestCategories'] as Array<{ similarity: number }>;
    expect(near[0]!.similarity).toBeLessThan(0);
    expect(second!.suggestions).toMatchObject({ demandType: null, step: null });
    expect(first!.status).toBe('proposed');
    expect(first!.fingerprintTerms).toEqual(['arrival', 'card']);
  });

  it('marks a theme that is a dismissed one again, by centroid with the same encoder', () => {
    const [, pin] = themeRecordsOf(discovery, context());
    const dismissed = [{ themeId: 41, terms: ['other'], centroid: pin!.centroid, centroidEncoder: 'sha-minilm' }];
    const [first, second] = themeRecordsOf(discovery, context({ dismissed }));
    expect(first).toMatchObject({ status: 'proposed', matchesDismissedThemeId: null });
    expect(second).toMatchObject({ status: 'dismissed', matchesDismissedThemeId: 41, suggestions: { dismissedMatch: { themeId: 41, by: 'centroid' } } });
    // Another encoder's centroid is not compared; the terms differ: proposed.
    expect(themeRecordsOf(discovery, context({ dismissed, space: 'sha-bge' }))[1]!.status).toBe('proposed');
  });
});
