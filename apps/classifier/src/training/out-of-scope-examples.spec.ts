import { NOT_OURS_LABEL, outOfScopeExamplesOf } from './out-of-scope-examples.js';

describe('outOfScopeExamplesOf', () => {
  it('labels each text once as not one of ours, leaving out texts that are examples of a category', () => {
    const contacts = [
      { contactId: '1', text: 'how do i change my pin' },
      { contactId: '2', text: 'my card has not arrived' },
      { contactId: '3', text: 'how do i change my pin' },
      { contactId: '4', text: 'is there an age limit' },
    ];
    expect(outOfScopeExamplesOf(contacts, [{ text: 'my card has not arrived' }])).toEqual([
      { contactId: '1', text: 'how do i change my pin', label: NOT_OURS_LABEL },
      { contactId: '4', text: 'is there an age limit', label: NOT_OURS_LABEL },
    ]);
  });

  it('is a label no category key can be (keys hold no spaces)', () => {
    expect(NOT_OURS_LABEL).toMatch(/\s/);
  });
});
