import type { HandlingCostV1 } from '@frictionlens/contracts';
import type { ValueStreamProblem } from './value-stream.js';

/**
 * What is wrong with a list of handling costs: a channel costed twice, or costs in more than one
 * currency (costs of different channels are added up, which needs one currency).
 */
export function handlingCostProblems(costs: readonly HandlingCostV1[], field: string): ValueStreamProblem[] {
  const problems: ValueStreamProblem[] = [];
  const channelAt = new Map<string, number>();
  costs.forEach(({ channel, currency }, index) => {
    const first = channelAt.get(channel);
    if (first !== undefined) problems.push({ field: `${field}.${index}.channel`, problem: `'${channel}' already has a cost at ${field}.${first}` });
    else channelAt.set(channel, index);
    if (currency !== costs[0]!.currency) {
      problems.push({ field: `${field}.${index}.currency`, problem: `must be ${costs[0]!.currency} as at ${field}.0: every channel's cost is in one currency, so costs add up` });
    }
  });
  return problems;
}
