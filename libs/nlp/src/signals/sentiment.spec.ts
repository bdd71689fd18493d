import { sentimentOf } from './sentiment.js';

describe('sentimentOf', () => {
  it('is negative for an angry complaint', () => {
    const sut = sentimentOf('This is terrible, the worst service ever. I am furious.');
    expect(sut.label).toBe('negative');
    expect(sut.score).toBeLessThan(0);
  });

  it('is positive for thanks', () => {
    expect(sentimentOf('Thank you, that was great and very helpful').label).toBe('positive');
  });

  it('is neutral for a plain request', () => {
    expect(sentimentOf('Change the delivery address to 12 High Street')).toEqual({ score: 0, label: 'neutral' });
  });

  it('flips the sentiment after a negation', () => {
    expect(sentimentOf('not good').score).toBeLessThan(0);
  });

  it('is neutral for a text without words', () => {
    expect(sentimentOf('?!')).toEqual({ score: 0, label: 'neutral' });
  });
});
