import { nameFromKey } from './name-from-key.js';

describe('nameFromKey', () => {
  it.each([
    ['card_arrival', 'Card arrival'],
    ['Refund_not_showing_up', 'Refund not showing up'],
    ['reverted_card_payment?', 'Reverted card payment?'],
    ['progress-chasing', 'Progress chasing'],
    ['cards.lost__or--stolen', 'Cards lost or stolen'],
    ['ATM_support', 'ATM support'],
  ])('names %s "%s"', (key, name) => {
    expect(nameFromKey(key)).toBe(name);
  });

  it('keeps a key made only of separators as it is', () => {
    expect(nameFromKey('_-_')).toBe('_-_');
  });
});
