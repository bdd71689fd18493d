import { failureTypeHint, failureTypeMix } from './failure-type-mix.js';

describe('failureTypeMix', () => {
  it('gives each type its share of the failure demand with the Wilson interval, largest first', () => {
    const sut = failureTypeMix([
      { failureType: 'done-wrong', failureContacts: 20 },
      { failureType: 'progress-chasing', failureContacts: 70 },
      { failureType: 'done-wrong', failureContacts: 10 },
    ]);
    expect(sut.map((t) => [t.failureType, t.failureContacts, t.share])).toEqual([
      ['progress-chasing', 70, 0.7],
      ['done-wrong', 30, 0.3],
    ]);
    // 30 of 100: Wilson 0.2189–0.3958 (as R's prop.test(30, 100, correct = FALSE)).
    expect(sut[1]!.shareLow).toBeCloseTo(0.2189488529493276, 12);
    expect(sut[1]!.shareHigh).toBeCloseTo(0.3958485463334666, 12);
  });

  it('puts "no type" last among equals, and leaves out types with no contacts', () => {
    const sut = failureTypeMix([
      { failureType: null, failureContacts: 5 },
      { failureType: 'not-done', failureContacts: 5 },
      { failureType: 'did-not-work', failureContacts: 0 },
    ]);
    expect(sut.map((t) => t.failureType)).toEqual(['not-done', null]);
  });

  it('is empty without failure demand, and refuses a negative count', () => {
    expect(failureTypeMix([])).toEqual([]);
    expect(() => failureTypeMix([{ failureType: 'x', failureContacts: -1 }])).toThrow(RangeError);
  });
});

describe('failureTypeHint', () => {
  const mix = (...shares: Array<[string | null, number]>) => shares.map(([failureType, share]) => ({ failureType, share }));

  it.each([
    ['progress-chasing', "look at the step's lead time"],
    ['done-wrong', "look at the step's %C&A"],
    ['not-understood', 'look at how the organisation communicates'],
  ])('points mostly %s at where to look', (type, hint) => {
    expect(failureTypeHint(mix([type, 0.55], ['not-done', 0.45]))).toBe(hint);
  });

  it('counts 40% as mostly, when it is the largest share', () => {
    expect(failureTypeHint(mix(['done-wrong', 0.4], ['not-done', 0.3], ['did-not-work', 0.3]))).toBe("look at the step's %C&A");
    expect(failureTypeHint(mix(['done-wrong', 0.39], ['not-done', 0.31], ['did-not-work', 0.3]))).toBeNull();
  });

  it('gives no hint when the largest type says nothing about where, or two types tie', () => {
    expect(failureTypeHint(mix(['did-not-work', 0.6], ['done-wrong', 0.4]))).toBeNull();
    expect(failureTypeHint(mix([null, 0.7], ['progress-chasing', 0.3]))).toBeNull();
    expect(failureTypeHint(mix(['progress-chasing', 0.5], ['done-wrong', 0.5]))).toBeNull();
    expect(failureTypeHint([])).toBeNull();
  });
});
