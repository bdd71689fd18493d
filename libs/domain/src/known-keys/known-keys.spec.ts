import fc from 'fast-check';
import { closestKey, keyDistance, MAX_SUGGESTIONS, unknownKeyProblem, unknownKeyProblems, type KnownKeys } from './known-keys.js';

const steps: KnownKeys = { noun: 'step', keys: ['card-delivery', 'billing', 'top-up'], listedAt: 'GET /v1/value-streams' };
const categories: KnownKeys = { noun: 'category', keys: ['card_arrival', 'charged_twice', 'upgrade', 'unclassified'] };

describe('keyDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps, ignoring case', () => {
    expect(keyDistance('card_arival', 'card_arrival')).toBe(1);
    expect(keyDistance('card_arrrival', 'card_arrival')).toBe(1);
    expect(keyDistance('card_arrivel', 'card_arrival')).toBe(1);
    expect(keyDistance('card_arrvial', 'card_arrival')).toBe(1);
    expect(keyDistance('Card_Arrival', 'card_arrival')).toBe(0);
    expect(keyDistance('', 'abc')).toBe(3);
    expect(keyDistance('kitten', 'sitting')).toBe(3);
  });

  it('is a symmetric distance, zero only for equal keys', () => {
    const key = fc.string({ unit: fc.constantFrom(...'abc_-'), maxLength: 12 });
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(keyDistance(a, b)).toBe(keyDistance(b, a));
        expect(keyDistance(a, b) === 0).toBe(a === b);
        expect(keyDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(keyDistance(a, b)).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

describe('closestKey', () => {
  it('suggests the nearest known key, the first alphabetically on a tie, none when none is known', () => {
    expect(closestKey('card_arival', categories.keys)).toBe('card_arrival');
    expect(closestKey('card-delivry', steps.keys)).toBe('card-delivery');
    // Always the closest, however far: 12 edits to top-up, 13 to card-delivery and billing.
    expect(closestKey('does-not-exist', steps.keys)).toBe('top-up');
    expect(closestKey('ab', ['ax', 'aa'])).toBe('aa');
    expect(closestKey('anything', [])).toBeUndefined();
  });

  it('finds a key no farther than any other known key', () => {
    const key = fc.string({ unit: fc.constantFrom(...'abcd-'), maxLength: 10 });
    fc.assert(
      fc.property(key, fc.array(key, { minLength: 1, maxLength: 8 }), (asked, known) => {
        const best = closestKey(asked, known)!;
        expect(known).toContain(best);
        for (const other of known) expect(keyDistance(asked, best)).toBeLessThanOrEqual(keyDistance(asked, other));
      }),
    );
  });
});

describe('unknownKeyProblems', () => {
  it('names each unknown key with the closest known one, and where the keys are listed', () => {
    expect(unknownKeyProblems({ step: ['card-delivry'] }, { step: steps })).toEqual([
      { field: 'step', problem: "no step 'card-delivry'; did you mean 'card-delivery'? (GET /v1/value-streams lists them)" },
    ]);
    expect(unknownKeyProblems({ category: ['card_arival', 'upgrade', 'upgrde'] }, { category: categories })).toEqual([
      { field: 'category', problem: "no category 'card_arival'; did you mean 'card_arrival'?" },
      { field: 'category', problem: "no category 'upgrde'; did you mean 'upgrade'?" },
    ]);
  });

  it('passes known keys, absent filters and fields it is not told about', () => {
    expect(unknownKeyProblems({ step: ['billing', 'top-up'], category: undefined, product: ['X-1'] }, { step: steps, category: categories })).toEqual([]);
  });

  it('names a repeated unknown key once', () => {
    expect(unknownKeyProblems({ step: ['nope', 'nope'] }, { step: steps })).toHaveLength(1);
  });

  it('says when there are no keys to choose from', () => {
    expect(unknownKeyProblem('valueStream', 'cards', { noun: 'value stream', keys: [], listedAt: 'GET /v1/value-streams' })).toEqual({
      field: 'valueStream',
      problem: "no value stream 'cards' (there are none yet; GET /v1/value-streams lists them)",
    });
  });

  it(`suggests for the first ${MAX_SUGGESTIONS} unknown keys only, still naming every one`, () => {
    const asked = Array.from({ length: 100 }, (_, i) => `nope-${i}`);
    const problems = unknownKeyProblems({ step: asked }, { step: steps });
    expect(problems).toHaveLength(100);
    expect(problems.filter((p) => p.problem.includes('did you mean'))).toHaveLength(MAX_SUGGESTIONS);
    expect(problems[99]).toEqual({ field: 'step', problem: "no step 'nope-99' (GET /v1/value-streams lists them)" });
  });

  it('reports exactly the asked keys that are not known', () => {
    const key = fc.string({ unit: fc.constantFrom(...'ab-'), minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 10 }), fc.array(key, { maxLength: 10 }), (asked, known) => {
        const problems = unknownKeyProblems({ step: asked }, { step: { noun: 'step', keys: known } });
        const unknown = [...new Set(asked.filter((k) => !known.includes(k)))];
        expect(problems.map((p) => p.problem.match(/^no step '([^']*)'/)![1])).toEqual(unknown);
        for (const p of problems) expect(p.field).toBe('step');
      }),
    );
  });
});
