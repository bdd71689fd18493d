import { categoryRules } from './category-rules.js';

describe('categoryRules', () => {
  it('gives one rule per category that has phrases, labelled with its key', () => {
    const sut = categoryRules([
      { key: 'card_arrival', rules: ['card not arrived', 'Where is my card'] },
      { key: 'age_limit', rules: [] },
      { key: 'top_up_failed', rules: ['top-up failed'] },
    ]);
    expect(sut).toEqual([
      { label: 'card_arrival', phrases: ['card not arrived', 'where is my card'] },
      { label: 'top_up_failed', phrases: ['top-up failed'] },
    ]);
  });

  it('keeps each phrase once, whatever its case or surrounding spaces', () => {
    expect(categoryRules([{ key: 'a', rules: ['Refund', ' refund ', 'REFUND', '  '] }])).toEqual([{ label: 'a', phrases: ['refund'] }]);
  });
});
