import { stepFriction, type StepFrictionInput } from './step-friction.js';

// 45 failure contacts from card delivery in a week it sent 3000 cards, when all steps together
// caused 300 and card delivery caused 30 the week before.
const cardDelivery: StepFrictionInput = {
  contacts: 120,
  failureContacts: 45,
  units: 3000,
  allFailureContacts: 300,
  previousFailureContacts: 30,
};

describe('stepFriction', () => {
  it('gives card delivery 15% (11.4–19.5%) of all failure demand', () => {
    const sut = stepFriction(cardDelivery);
    expect(sut.failureShare).toBe(0.15);
    expect(sut.failureShareLow).toBeCloseTo(0.11403246871185316, 12);
    expect(sut.failureShareHigh).toBeCloseTo(0.194817611145329, 12);
  });

  it('puts card delivery at 15 (10.9–20.1) failure contacts per 1000 cards sent', () => {
    const sut = stepFriction(cardDelivery);
    expect(sut.frictionRatePer1000).toBe(15);
    expect(sut.frictionRatePer1000Low).toBeCloseTo(10.941102929411487, 9);
    expect(sut.frictionRatePer1000High).toBeCloseTo(20.071180165652937, 9);
  });

  it('observes card delivery complete and accurate 98.5% (98.0–98.9%) of the time', () => {
    const sut = stepFriction(cardDelivery);
    expect(sut.observedCompleteAccurate).toBeCloseTo(0.985, 15);
    expect(sut.observedCompleteAccurateLow).toBeCloseTo(1 - 0.020071180165652937, 12);
    expect(sut.observedCompleteAccurateHigh).toBeCloseTo(1 - 0.010941102929411486, 12);
  });

  it('sees a 50% rise on last week whose interval (−5% to +138%) still includes no change', () => {
    const sut = stepFriction(cardDelivery);
    expect(sut.change).toBe(0.5);
    expect(sut.changeLow).toBeCloseTo(0.9450638068026337 - 1, 12);
    expect(sut.changeHigh).toBeCloseTo(2.380791628887221 - 1, 12);
  });

  it('sees a fall of 100% when the failures stop, with a low of exactly −100%', () => {
    const sut = stepFriction({ ...cardDelivery, failureContacts: 0 });
    expect(sut.change).toBe(-1);
    expect(sut.changeLow).toBe(-1);
    expect(sut.changeHigh).toBeLessThan(0);
  });

  it('has no change when the previous period had no failure contacts', () => {
    const sut = stepFriction({ ...cardDelivery, previousFailureContacts: 0 });
    expect(sut).toMatchObject({ change: null, changeLow: null, changeHigh: null });
  });

  it.each([
    ['no volumes are recorded', null],
    ['the step handled no units', 0],
  ])('has no rate or complete-and-accurate figure when %s', (_case, units) => {
    const sut = stepFriction({ ...cardDelivery, units });
    expect(sut).toMatchObject({
      frictionRatePer1000: null, frictionRatePer1000Low: null, frictionRatePer1000High: null,
      observedCompleteAccurate: null, observedCompleteAccurateLow: null, observedCompleteAccurateHigh: null,
    });
    expect(sut.failureShare).toBe(0.15);
  });

  it('stops complete-and-accurate at 0 when failure contacts outnumber units', () => {
    const sut = stepFriction({ ...cardDelivery, units: 30 });
    expect(sut.frictionRatePer1000).toBe(1500);
    expect(sut.observedCompleteAccurate).toBe(0);
    expect(sut.observedCompleteAccurateLow).toBe(0);
    expect(sut.observedCompleteAccurateHigh).toBe(0);
  });

  it('has no share, and an interval of 0–1, when no step had failure demand', () => {
    const sut = stepFriction({ ...cardDelivery, failureContacts: 0, allFailureContacts: 0 });
    expect(sut).toMatchObject({ failureShare: null, failureShareLow: 0, failureShareHigh: 1 });
  });

  it('keeps fractional counts from contacts split across steps', () => {
    const sut = stepFriction({ ...cardDelivery, contacts: 7.4, failureContacts: 4.6, allFailureContacts: 9.2 });
    expect(sut.failureShare).toBe(0.5);
    expect(sut.frictionRatePer1000).toBeCloseTo(4.6 / 3, 12);
  });

  it.each([
    ['more failure contacts than contacts', { contacts: 40 }],
    ['more failure contacts than all steps had', { allFailureContacts: 40 }],
    ['negative units', { units: -1 }],
    ['a NaN count', { previousFailureContacts: NaN }],
  ])('rejects %s', (_case, override) => {
    expect(() => stepFriction({ ...cardDelivery, ...override })).toThrow(RangeError);
  });
});
