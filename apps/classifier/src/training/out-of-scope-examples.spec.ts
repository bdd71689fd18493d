import { centresOf, NOT_OURS_LABEL, outOfScopeExamplesOf, straysOf } from './out-of-scope-examples.js';

describe('outOfScopeExamplesOf', () => {
  it('labels each text once as not one of ours, leaving out texts that are examples of a category', () => {
    const contacts = [
      { contactId: '1', text: 'how do i change my pin', themeId: 7 },
      { contactId: '2', text: 'my card has not arrived', themeId: 7 },
      { contactId: '3', text: 'how do i change my pin', themeId: 8 },
      { contactId: '4', text: 'is there an age limit', themeId: 8 },
    ];
    expect(outOfScopeExamplesOf(contacts, [{ text: 'my card has not arrived' }])).toEqual([
      { contactId: '1', text: 'how do i change my pin', themeId: 7, label: NOT_OURS_LABEL },
      { contactId: '4', text: 'is there an age limit', themeId: 8, label: NOT_OURS_LABEL },
    ]);
  });

  it('is a label no category key can be (keys hold no spaces)', () => {
    expect(NOT_OURS_LABEL).toMatch(/\s/);
  });
});

describe('straysOf', () => {
  const v = (...xs: number[]) => Float32Array.from(xs);
  // Theme 7 is about PINs, but its contact 3 reads as the accepted category (card arrival).
  const contacts = [
    { contactId: '1', text: 'pin', themeId: 7 },
    { contactId: '2', text: 'pin again', themeId: 7 },
    { contactId: '3', text: 'where is my card', themeId: 7 },
    { contactId: '4', text: 'no vector', themeId: 7 },
    { contactId: '5', text: 'alone in its theme', themeId: 9 },
  ];
  const vectors: Record<string, Float32Array> = { '1': v(1, 0, 0), '2': v(0.9, 0.1, 0), '3': v(0.2, 0.9, 0.1), '5': v(0, 1, 0) };
  const categories = centresOf([{ label: 'card_arrival' }, { label: 'card_arrival' }], (i) => [v(0, 1, 0), v(0.1, 0.9, 0)][i]);

  it('finds the contacts more like an accepted category than like the rest of their theme', () => {
    expect(straysOf(contacts, (c) => vectors[c.contactId], categories)).toEqual(new Set(['3']));
  });

  it('keeps them all without categories, and keeps a contact with no embedding or alone in its theme', () => {
    expect(straysOf(contacts, (c) => vectors[c.contactId], [])).toEqual(new Set());
    expect(straysOf(contacts, (c) => vectors[c.contactId], categories).has('5')).toBe(false);
  });
});
