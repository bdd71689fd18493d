/** How often two coders (here a person and the model) gave the same answer, and how much better than chance. */
export interface Agreement {
  /** Items both coded. */
  compared: number;
  agreements: number;
  /** agreements / compared; null when nothing was compared. */
  accuracy: number | null;
  /**
   * Cohen's kappa, (pₒ − pₑ) / (1 − pₑ): 1 is perfect agreement, 0 what chance alone would give.
   * null when nothing was compared or when chance alone agrees perfectly (both always gave the same one answer).
   */
  kappa: number | null;
}

/**
 * Accuracy and Cohen's kappa of pairs of answers [person, model]. The expected agreement pₑ sums,
 * over every answer either gave, the product of how often each gave it, so the model may use
 * answers the person never does (and the reverse).
 *
 * @example agreement([['failure','failure'], ['failure','value'], ['value','value'], ['value','value']]) // accuracy 0.75, kappa 0.5
 */
export function agreement(pairs: ReadonlyArray<readonly [string, string]>): Agreement {
  const compared = pairs.length;
  if (compared === 0) return { compared, agreements: 0, accuracy: null, kappa: null };
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let agreements = 0;
  for (const [a, b] of pairs) {
    if (a === b) agreements++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const observed = agreements / compared;
  let expected = 0;
  for (const [answer, count] of first) expected += (count / compared) * ((second.get(answer) ?? 0) / compared);
  // pₑ = 1 only when both gave one and the same answer throughout: kappa is 0/0 then.
  const kappa = expected >= 1 - 1e-12 ? null : (observed - expected) / (1 - expected);
  return { compared, agreements, accuracy: observed, kappa };
}
