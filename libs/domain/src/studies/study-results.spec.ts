import { studyResults, type StudyCode, type StudyContactOutcome } from './study-results.js';

const failure = (overrides: Partial<StudyCode> = {}): StudyCode => ({ demandType: 'failure', failureType: null, stepKey: null, categoryKey: null, notForHere: false, ...overrides });
const value = (overrides: Partial<StudyCode> = {}): StudyCode => ({ ...failure(), demandType: 'value', ...overrides });
const contact = (stratum: string, model: StudyContactOutcome['modelDemandType'], code: StudyCode | null, modelCategory: string | null = null): StudyContactOutcome => ({
  stratum,
  modelDemandType: model,
  modelCategory,
  code,
});

describe('studyResults', () => {
  it('gives the coded failure share 0.3 with its Wilson interval 0.219–0.396 for 30 of 100', () => {
    const contacts = [...Array.from({ length: 30 }, () => contact('s', 'failure', failure())), ...Array.from({ length: 70 }, () => contact('s', 'value', value()))];
    const sut = studyResults(contacts);
    expect(sut).toMatchObject({ sampleSize: 100, coded: 100, failureContacts: 30, valueContacts: 70 });
    expect(sut.failureShare.share).toBe(0.3);
    expect(sut.failureShare.shareLow).toBeCloseTo(0.2189488529493276, 12);
    expect(sut.failureShare.shareHigh).toBeCloseTo(0.3958485463334666, 12);
    expect(sut.agreement.demandType).toEqual({ compared: 100, agreements: 100, accuracy: 1, kappa: 1, modelUnclassified: 0 });
  });

  it('counts only coded contacts, leaves the model’s unclassified out of the demand-type agreement and counts them', () => {
    const sut = studyResults([
      contact('a', 'failure', failure({ failureType: 'done-wrong' })),
      contact('a', 'value', failure({ failureType: 'done-wrong' })),
      contact('a', null, failure({ notForHere: true, failureType: 'not-for-here' })),
      contact('b', 'value', value()),
      contact('b', 'failure', null),
    ]);
    expect(sut).toMatchObject({ sampleSize: 5, coded: 4, failureContacts: 3, valueContacts: 1, notForHereContacts: 1 });
    expect(sut.failureShare.share).toBe(0.75);
    // The model said failure for 1 of the 3 coded contacts it decided.
    expect(sut.modelFailureShare.share).toBeCloseTo(1 / 3, 12);
    // Pairs (failure, failure), (failure, value), (value, value): pₒ 2/3, pₑ 2/3·1/3 + 1/3·2/3 = 4/9, κ = (2/3 − 4/9)/(5/9) = 0.4.
    expect(sut.agreement.demandType.accuracy).toBeCloseTo(2 / 3, 12);
    expect(sut.agreement.demandType.kappa).toBeCloseTo(0.4, 12);
    expect(sut.agreement.demandType.modelUnclassified).toBe(1);
    expect(sut.failureTypes).toEqual([{ failureType: 'done-wrong', contacts: 2 }, { failureType: 'not-for-here', contacts: 1 }]);
    expect(sut.strata.map((s) => [s.stratum, s.sampleSize, s.coded, s.failureContacts, s.share, s.demandTypeAccuracy])).toEqual([
      ['a', 3, 3, 3, 1, 0.5],
      ['b', 2, 1, 0, 0, 1],
    ]);
  });

  it('compares categories only where both the person and the model gave one', () => {
    const sut = studyResults([
      contact('s', 'failure', failure({ categoryKey: 'card_arrival' }), 'card_arrival'),
      contact('s', null, failure({ categoryKey: 'card_arrival' }), 'unclassified'),
      contact('s', 'failure', failure(), 'card_arrival'),
    ]);
    expect(sut.agreement.category).toMatchObject({ compared: 2, agreements: 1, accuracy: 0.5 });
  });

  it('has no share, interval or agreement before anything is coded', () => {
    const sut = studyResults([contact('s', 'failure', null)]);
    expect(sut.failureShare).toEqual({ share: null, shareLow: null, shareHigh: null });
    expect(sut.agreement.demandType.kappa).toBeNull();
  });
});
