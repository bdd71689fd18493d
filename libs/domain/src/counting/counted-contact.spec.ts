import { countedContact, type ContactRecord, type CountingRules, countedFailureType, isRepeat, isReturningCustomer } from './counted-contact.js';

// The hand-worked sequence of the rollups' integration test, stated once more without a database.
const LINKS: Record<string, string[]> = { card_arrival: ['delivery'], charged_twice: ['billing', 'delivery'], pin_blocked: ['security'] };
const rules: CountingRules = { repeatWindowDays: 7, stepsOf: (category) => LINKS[category] ?? [] };
const at = (iso: string) => Date.parse(iso);

let nextId = 1n;
function aContact(overrides: Partial<ContactRecord> & { category?: string | null }): ContactRecord {
  const { category = 'card_arrival', ...rest } = overrides;
  return {
    id: nextId++,
    customerHash: 'xavier',
    occurredAt: at('2026-05-01T09:00:00Z'),
    classification: category === null ? null : { category, demandType: category === 'unclassified' ? null : 'failure' },
    label: null,
    ...rest,
  };
}

describe('what a contact counts as', () => {
  it('counts the model’s category and demand type when no reviewer has spoken', () => {
    const sut = aContact({ category: 'card_arrival' });
    expect(countedContact(sut, [sut], rules)).toEqual({ counted: true, category: 'card_arrival', demandType: 'failure', notForHere: false, repeat: false, contactFailureType: '' });
  });

  it('lets a reviewer’s label beat the model, with the demand type of the label’s taxonomy version', () => {
    const sut = aContact({ category: 'card_arrival', label: { category: 'upgrade', demandType: 'value', notForHere: false } });
    expect(countedContact(sut, [sut], rules)).toMatchObject({ category: 'upgrade', demandType: 'value' });
    const gone = aContact({ category: 'card_arrival', label: { category: 'retired', demandType: null, notForHere: false } });
    expect(countedContact(gone, [gone], rules)).toMatchObject({ category: 'retired', demandType: 'unclassified' });
  });

  it('makes a contact that is not for here failure demand of that type, even when it also repeats', () => {
    const first = aContact({ occurredAt: at('2026-05-01T09:00:00Z') });
    const sut = aContact({ occurredAt: at('2026-05-02T09:00:00Z'), label: { category: 'upgrade', demandType: 'value', notForHere: true } });
    const counted = countedContact(sut, [first, sut], { ...rules, stepsOf: () => ['everything'] });
    expect(counted).toMatchObject({ demandType: 'failure', notForHere: true, repeat: true, contactFailureType: 'not-for-here' });
    expect(countedFailureType(counted, 'progress-chasing')).toBe('not-for-here');
  });

  it('counts a contact neither classified nor labelled nowhere', () => {
    const sut = aContact({ category: null });
    expect(countedContact(sut, [sut], rules)).toEqual({ counted: false, category: null, demandType: 'unclassified', notForHere: false, repeat: false, contactFailureType: '' });
  });

  it('gives failure demand its category’s failure type unless it carries its own, and nothing else a failure type', () => {
    const failure = countedContact(aContact({}), [], rules);
    expect(countedFailureType(failure, 'progress-chasing')).toBe('progress-chasing');
    expect(countedFailureType(failure, null)).toBeNull();
    const value = countedContact(aContact({ classification: { category: 'upgrade', demandType: 'value' } }), [], rules);
    expect(countedFailureType(value, 'progress-chasing')).toBeNull();
  });
});

describe('isRepeat (the metrics’ repeat)', () => {
  const x1 = aContact({ occurredAt: at('2026-05-01T09:00:00Z') });
  const x2 = aContact({ occurredAt: at('2026-05-04T09:00:00Z') }); // 3 days after x1
  const x3 = aContact({ occurredAt: at('2026-05-13T09:00:00Z') }); // 9 days after x2
  const x4 = aContact({ occurredAt: at('2026-05-14T08:00:00Z'), category: 'charged_twice' }); // shares delivery with x3
  const x5 = aContact({ occurredAt: at('2026-05-14T10:00:00Z'), category: 'pin_blocked' }); // shares nothing
  const history = [x1, x2, x3, x4, x5];

  it('is the same customer about the same category or a shared step within the window before', () => {
    expect(history.map((c) => isRepeat(c, history, rules))).toEqual([false, true, false, true, false]);
  });

  it('takes the window’s first instant in, and a longer window takes contacts further apart', () => {
    const edge = aContact({ occurredAt: x1.occurredAt + 7 * 86_400_000 });
    expect(isRepeat(edge, [x1, edge], rules)).toBe(true);
    expect(isRepeat(x3, history, { ...rules, repeatWindowDays: 10 })).toBe(true);
  });

  it('orders contacts of the same instant by id, so only the later one repeats', () => {
    const t1 = aContact({ customerHash: 'tom' });
    const t2 = aContact({ customerHash: 'tom' });
    expect([isRepeat(t1, [t1, t2], rules), isRepeat(t2, [t1, t2], rules)]).toEqual([false, true]);
  });

  it('is never a contact without a customer, an unclassified one, or one after a contact nobody classified', () => {
    const anonymous = [aContact({ customerHash: null }), aContact({ customerHash: null, occurredAt: at('2026-05-02T09:00:00Z') })];
    expect(isRepeat(anonymous[1]!, anonymous, rules)).toBe(false);
    const unclassified = [aContact({ category: 'unclassified' }), aContact({ category: 'unclassified', occurredAt: at('2026-05-02T09:00:00Z') })];
    expect(isRepeat(unclassified[1]!, unclassified, rules)).toBe(false);
    const afterUncounted = [aContact({ category: null }), aContact({ occurredAt: at('2026-05-02T09:00:00Z') })];
    expect(isRepeat(afterUncounted[1]!, afterUncounted, rules)).toBe(false);
  });
});

describe('isReturningCustomer (the classifier’s cue, not a repeat)', () => {
  it('is any contact of the same customer within the window before, whatever about and even if not counted', () => {
    const earlier = aContact({ category: null, customerHash: 'yuki', occurredAt: at('2026-05-01T09:00:00Z') });
    const sut = aContact({ category: 'pin_blocked', customerHash: 'yuki', occurredAt: at('2026-05-03T09:00:00Z') });
    expect(isReturningCustomer(sut, [earlier, sut], 7)).toBe(true);
    expect(isRepeat(sut, [earlier, sut], rules)).toBe(false);
    expect(isReturningCustomer(earlier, [earlier, sut], 7)).toBe(false);
  });
});
