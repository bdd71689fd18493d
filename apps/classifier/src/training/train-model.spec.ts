import { trainModel } from './train-model.js';

// Three categories, 60 examples each: 20% held out is 36 texts, enough to calibrate on.
const phrasings: Record<string, string[]> = {
  card_arrival: ['my card has not arrived', 'still waiting for my new card', 'where is my card', 'card never came in the post'],
  charged_twice: ['i was charged twice', 'double payment on my account', 'the same payment went out two times', 'duplicate charge for one purchase'],
  upgrade: ['how do i upgrade to premium', 'i want the metal card plan', 'can i move to the better account', 'tell me about premium features'],
};
const examples = Object.entries(phrasings).flatMap(([label, texts]) => Array.from({ length: 60 }, (_, i) => ({ text: `${texts[i % texts.length]} ${['please', 'today', 'thanks', 'now', 'hello'][i % 5]}`, label })));

describe('trainModel', () => {
  it("stores the held-out texts by true and predicted demand type beside the held-out figures", async () => {
    const sut = await trainModel({ taxonomyVersionId: 1, rules: [], examples, labelCount: 0, demandTypes: { card_arrival: 'failure', charged_twice: 'failure', upgrade: 'value' } });
    const confusion = sut.evaluation.demandTypeConfusion as { failure: Record<string, number>; value: Record<string, number> };
    const heldOut = sut.evaluation.heldOut as { examples: number };
    const total = (row: Record<string, number>) => row.failure! + row.value! + row.unclassified!;
    // 12 held out of each of the two failure categories, 12 of the value one.
    expect(total(confusion.failure)).toBe(24);
    expect(total(confusion.value)).toBe(12);
    expect(total(confusion.failure) + total(confusion.value)).toBe(heldOut.examples);
    // Texts this distinct are told apart.
    expect(confusion.failure.failure).toBeGreaterThanOrEqual(22);
    expect(confusion.value.failure).toBeLessThanOrEqual(1);
  });

  it('stores no confusion without the demand types, nor for a model of rules alone', async () => {
    const linear = await trainModel({ taxonomyVersionId: 1, rules: [], examples, labelCount: 0 });
    expect(linear.evaluation.demandTypeConfusion).toBeNull();
    const rules = await trainModel({ taxonomyVersionId: 1, rules: [{ label: 'upgrade', phrases: ['premium'] }], examples: [], labelCount: 0, demandTypes: { upgrade: 'value' } });
    expect(rules.evaluation.demandTypeConfusion).toBeUndefined();
  });
});
