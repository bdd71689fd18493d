import type { ValueStreamProblem } from './value-stream.js';

/** How far a category's weights may be from adding up to 1 (four decimals are stored). */
export const WEIGHT_TOLERANCE = 0.0001;

/** The steps a category is linked to, as a request gives them. */
export interface StepShare {
  step: string;
  weight: number;
}

/**
 * What is wrong with one category's links: a step named twice, a step that does not exist
 * (`streamOf` gives the stream of a known step), weights that do not add up to 1. No links at all
 * is fine: the category is not linked. Fields are relative to `field` (`steps` → `steps.1.step`).
 */
export function stepLinkProblems(links: readonly StepShare[], streamOf: (step: string) => string | undefined, field: string): ValueStreamProblem[] {
  const problems: ValueStreamProblem[] = [];
  const seen = new Map<string, number>();
  links.forEach(({ step }, index) => {
    const first = seen.get(step);
    if (first !== undefined) problems.push({ field: `${field}.${index}.step`, problem: `'${step}' is already listed at ${field}.${first}` });
    else if (streamOf(step) === undefined) problems.push({ field: `${field}.${index}.step`, problem: `no step has the key '${step}'` });
    seen.set(step, first ?? index);
  });
  const sum = weightSum(links);
  if (links.length > 0 && Math.abs(sum - 1) > WEIGHT_TOLERANCE + 1e-9) {
    problems.push({ field, problem: `the weights must add up to 1 (they add up to ${sum})` });
  }
  return problems;
}

/** The weights' sum, to four decimals. */
export function weightSum(links: ReadonlyArray<Pick<StepShare, 'weight'>>): number {
  return Math.round(links.reduce((sum, l) => sum + l.weight, 0) * 10_000) / 10_000;
}
