import { TaxonomyDocumentV1 } from '@frictionlens/contracts';
import { STARTER_FAILURE_TYPES, categoryFailureTypeProblems, failureTypeDocumentOf, failureTypeListProblems, failureTypeOf } from './failure-types.js';

describe('failure types', () => {
  it('are stored with a name from the key when absent, other fields as attributes, and written back as they came', () => {
    const [parsed] = TaxonomyDocumentV1.parse({ failureTypes: [{ key: 'done-wrong', usualFix: 'error-proof the step' }], categories: [{ key: 'a', demandType: 'value' }] }).failureTypes!;
    const sut = failureTypeOf(parsed!);
    expect(sut).toEqual({ key: 'done-wrong', name: 'Done wrong', description: null, attributes: { usualFix: 'error-proof the step' } });
    expect(failureTypeDocumentOf(sut)).toEqual({ usualFix: 'error-proof the step', key: 'done-wrong', name: 'Done wrong' });
  });

  it('start as the seven kinds of the demo scenario', () => {
    expect(STARTER_FAILURE_TYPES.map((t) => t.key)).toEqual(['progress-chasing', 'not-done', 'done-wrong', 'did-not-work', 'not-understood', 'not-for-here', 'repeat']);
  });

  it('name a key used twice', () => {
    expect(failureTypeListProblems([{ key: 'a' }, { key: 'b' }, { key: 'a' }])).toEqual([{ index: 2, field: 'key', problem: "'a' is already the key of failure type 0" }]);
  });

  it("name each category whose failure type the typology lacks; no type is fine", () => {
    const types = [{ key: 'done-wrong' }, { key: 'not-done' }];
    expect(categoryFailureTypeProblems([{ failureType: null }, { failureType: 'done-wrong' }, { failureType: 'donewrong' }], types)).toEqual([
      { index: 2, field: 'failureType', problem: "'donewrong' is not a failure type of the taxonomy: must be one of done-wrong, not-done" },
    ]);
    expect(categoryFailureTypeProblems([{ failureType: 'x' }], [])[0]!.problem).toBe("'x' is not a failure type of the taxonomy: must be a failure type of the taxonomy, and it has none");
  });
});
