import { failureDemandRatio } from './failure-demand-ratio.js';

describe('failureDemandRatio', () => {
  it('is 0.46 (0.429–0.491) when 460 of 1000 classified contacts are failure demand', () => {
    const sut = failureDemandRatio({ failure: 460, value: 540, unclassified: 0 });
    expect(sut.ratio).toBe(0.46);
    expect(sut.ratioLow).toBeCloseTo(0.42932142688110647, 12);
    expect(sut.ratioHigh).toBeCloseTo(0.49098471379773795, 12);
  });

  it('is still 0.46 but far less certain (0.366–0.557) from only 100 contacts', () => {
    const sut = failureDemandRatio({ failure: 46, value: 54, unclassified: 0 });
    expect(sut.ratio).toBe(0.46);
    expect(sut.ratioLow).toBeCloseTo(0.36560808309024106, 12);
    expect(sut.ratioHigh).toBeCloseTo(0.5573513967663177, 12);
  });

  it('reports unclassified contacts without counting them as either kind', () => {
    const sut = failureDemandRatio({ failure: 46, value: 54, unclassified: 25 });
    expect(sut).toMatchObject({ contacts: 125, failureContacts: 46, valueContacts: 54, unclassifiedContacts: 25, ratio: 0.46 });
    expect(sut.ratioLow).toBeCloseTo(0.36560808309024106, 12);
  });

  it('is 0.6 for contacts split across steps (3.6 failure of 6 classified)', () => {
    const sut = failureDemandRatio({ failure: 3.6, value: 2.4, unclassified: 0.4 });
    expect(sut.ratio).toBeCloseTo(0.6, 15);
    expect(sut.contacts).toBeCloseTo(6.4, 15);
    expect(sut.ratioLow).toBeCloseTo(0.25241537989845403, 12);
    expect(sut.ratioHigh).toBeCloseTo(0.8695177625211128, 12);
  });

  it('is 0 with a low of exactly 0 when every classified contact is value demand', () => {
    const sut = failureDemandRatio({ failure: 0, value: 20, unclassified: 0 });
    expect(sut.ratio).toBe(0);
    expect(sut.ratioLow).toBe(0);
    expect(sut.ratioHigh).toBeCloseTo(0.16112515805281938, 12);
  });

  it('has no ratio, and knows nothing (0–1), when no contact was classified', () => {
    const sut = failureDemandRatio({ failure: 0, value: 0, unclassified: 7 });
    expect(sut).toEqual({
      contacts: 7, failureContacts: 0, valueContacts: 0, unclassifiedContacts: 7, ratio: null, ratioLow: 0, ratioHigh: 1,
    });
  });

  it.each([
    [{ failure: -1, value: 5, unclassified: 0 }],
    [{ failure: 1, value: NaN, unclassified: 0 }],
    [{ failure: 1, value: 5, unclassified: Infinity }],
  ])('rejects %j', (counts) => {
    expect(() => failureDemandRatio(counts)).toThrow(RangeError);
  });
});
