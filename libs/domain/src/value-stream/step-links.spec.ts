import { stepLinkProblems, weightSum } from './step-links.js';

const streams = new Map([['delivery', 'cards'], ['ordering', 'cards'], ['billing', 'payments']]);
const sut = (links: Array<{ step: string; weight: number }>) => stepLinkProblems(links, (step) => streams.get(step), 'steps');

describe('stepLinkProblems', () => {
  it('accepts one step at weight 1, a split that adds up to 1, and no steps at all', () => {
    expect(sut([{ step: 'delivery', weight: 1 }])).toEqual([]);
    expect(sut([{ step: 'billing', weight: 0.6 }, { step: 'delivery', weight: 0.4 }])).toEqual([]);
    expect(sut([])).toEqual([]);
  });

  it('allows the sum to miss 1 by at most 0.0001', () => {
    expect(sut([{ step: 'billing', weight: 0.3333 }, { step: 'delivery', weight: 0.3333 }, { step: 'ordering', weight: 0.3333 }])).toEqual([]);
    expect(sut([{ step: 'billing', weight: 0.5 }, { step: 'delivery', weight: 0.4998 }])).toEqual([{ field: 'steps', problem: 'the weights must add up to 1 (they add up to 0.9998)' }]);
  });

  it('names a step given twice at its second place, and a step that does not exist', () => {
    expect(sut([{ step: 'delivery', weight: 0.5 }, { step: 'delivery', weight: 0.5 }])).toEqual([{ field: 'steps.1.step', problem: "'delivery' is already listed at steps.0" }]);
    expect(sut([{ step: 'nowhere', weight: 1 }])).toEqual([{ field: 'steps.0.step', problem: "no step has the key 'nowhere'" }]);
  });

  it('refuses one step at less than its whole weight', () => {
    expect(sut([{ step: 'delivery', weight: 0.5 }])).toEqual([{ field: 'steps', problem: 'the weights must add up to 1 (they add up to 0.5)' }]);
  });
});

describe('weightSum', () => {
  it('adds to four decimals, without floating-point dust', () => {
    expect(weightSum([{ weight: 0.1 }, { weight: 0.2 }])).toBe(0.3);
  });
});
