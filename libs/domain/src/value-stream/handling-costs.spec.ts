import { handlingCostProblems } from './handling-costs.js';

describe('handlingCostProblems', () => {
  it('accepts one cost per channel in one currency, and no costs at all', () => {
    expect(handlingCostProblems([{ channel: 'email', costPerContact: 3.2, currency: 'GBP' }, { channel: 'phone', costPerContact: 6, currency: 'GBP' }], 'costs')).toEqual([]);
    expect(handlingCostProblems([], 'costs')).toEqual([]);
  });

  it('names a channel costed twice and a second currency', () => {
    expect(
      handlingCostProblems(
        [
          { channel: 'email', costPerContact: 3, currency: 'EUR' },
          { channel: 'email', costPerContact: 4, currency: 'EUR' },
          { channel: 'chat', costPerContact: 2, currency: 'USD' },
        ],
        'costs',
      ),
    ).toEqual([
      { field: 'costs.1.channel', problem: "'email' already has a cost at costs.0" },
      { field: 'costs.2.currency', problem: "must be EUR as at costs.0: every channel's cost is in one currency, so costs add up" },
    ]);
  });
});
