/** One held-out text as the threshold tuning sees it. */
export interface HeldOutOutcome {
  /** Calibrated probability of the model's top label. */
  confidence: number;
  /** The top label is the true label. */
  correct: boolean;
  /** The true label is the out-of-scope label. */
  outOfScope: boolean;
  /** The top label is the out-of-scope label (always unclassified, whatever the confidence). */
  predictsOutOfScope: boolean;
}

interface Sweep {
  threshold: number;
  /** In-scope held-out texts accepted with the right label, as a share of in-scope texts. */
  inScopeAccuracy: number;
  /** Out-of-scope held-out texts rejected, as a share of out-of-scope texts (0 without any). */
  outOfScopeRecall: number;
  /** Accepted right minus accepted wrong in-scope texts. */
  net: number;
}

// Below this many held-out out-of-scope texts, each one moves their recall by more than 1/30:
// steps that coarse would decide the threshold by chance, so the in-scope rule decides instead.
const MIN_OUT_OF_SCOPE = 30;

/**
 * The unclassified threshold, from held-out outcomes. Raising it past a prediction rejects it;
 * each right prediction rejected costs in-scope accuracy. The threshold is raised while that pays,
 * but never past a cost of `maxAccuracyLoss` of held-out in-scope accuracy. "Pays" means:
 * - with at least 30 out-of-scope texts: in-scope accuracy + out-of-scope recall goes up (the
 *   balanced accuracy of accepting in-scope and rejecting out-of-scope texts);
 * - otherwise: right − wrong among accepted predictions goes up (the rejected predictions were
 *   wrong more often than right).
 * Ties go to the highest threshold: rejecting more costs nothing there and catches unknown texts.
 */
export function tuneThreshold(outcomes: readonly HeldOutOutcome[], maxAccuracyLoss: number): number {
  const sweeps = sweepOf(outcomes);
  if (sweeps.length === 0) return 0;
  const useOutOfScope = outcomes.filter((o) => o.outOfScope).length >= MIN_OUT_OF_SCOPE;
  const score = (s: Sweep) => (useOutOfScope ? s.inScopeAccuracy + s.outOfScopeRecall : s.net / outcomes.length);
  const floor = sweeps[0]!.inScopeAccuracy - maxAccuracyLoss - 1e-12;
  let best = sweeps[0]!;
  for (const sweep of sweeps) {
    if (sweep.inScopeAccuracy < floor) break;
    if (score(sweep) >= score(best) - 1e-12) best = sweep;
  }
  return best.threshold;
}

// Every threshold worth trying (0 and each distinct confidence, ascending) with its effect.
function sweepOf(outcomes: readonly HeldOutOutcome[]): Sweep[] {
  const inScope = outcomes.filter((o) => !o.outOfScope).length;
  const outOfScope = outcomes.length - inScope;
  const events = outcomes.filter((o) => !o.predictsOutOfScope).sort((a, b) => a.confidence - b.confidence);
  let accepted = outcomes.filter((o) => !o.outOfScope && o.correct && !o.predictsOutOfScope).length;
  let rejected = outcomes.filter((o) => o.outOfScope && o.predictsOutOfScope).length;
  let net = outcomes.filter((o) => !o.outOfScope && !o.predictsOutOfScope).reduce((sum, o) => sum + (o.correct ? 1 : -1), 0);
  const sweeps: Sweep[] = [];
  const record = (threshold: number) =>
    sweeps.push({ threshold, inScopeAccuracy: inScope ? accepted / inScope : 0, outOfScopeRecall: outOfScope ? rejected / outOfScope : 0, net });
  record(0);
  for (let e = 0; e < events.length; ) {
    const threshold = events[e]!.confidence;
    // Thresholds just above this confidence reject every outcome at it.
    for (; e < events.length && events[e]!.confidence === threshold; e++) {
      const o = events[e]!;
      if (o.outOfScope) rejected++;
      else {
        if (o.correct) accepted--;
        net -= o.correct ? 1 : -1;
      }
    }
    // Halfway to the next confidence: rejects this one, and leaves room for unseen texts.
    record(e < events.length ? (threshold + events[e]!.confidence) / 2 : threshold + 1e-9);
  }
  return sweeps;
}

/** How a model trained without the held-out texts did on them, at the tuned threshold. */
export interface HeldOutFigures {
  examples: number;
  /** Top label right, before the threshold; for an out-of-scope text, the out-of-scope label on top. */
  topAccuracy: number;
  /** In-scope texts accepted with the right label, as a share of in-scope texts. */
  inScopeAccuracy: number;
  /** Out-of-scope texts rejected (null without any). */
  outOfScopeRecall: number | null;
  /** Share of held-out texts the threshold sends to review. */
  unclassifiedRate: number;
  /** Right among the accepted predictions: how far an accepted category can be trusted. */
  acceptedAccuracy: number;
  threshold: number;
}

/** One held-out text: its true label, and the model's label at the threshold (null: unclassified). */
export interface HeldOutPrediction {
  label: string;
  predicted: string | null;
}

/**
 * Each held-out text's true label and what the model said at `threshold`: its top label, or null
 * when the threshold (or an out-of-scope top label) sends it to review. `topLabels[i]` is the
 * index of outcome i's top label among `labels`, `trueLabels[i]` that of its true label.
 */
export function heldOutPredictionsOf(outcomes: readonly HeldOutOutcome[], trueLabels: ArrayLike<number>, topLabels: ArrayLike<number>, labels: readonly string[], threshold: number): HeldOutPrediction[] {
  return outcomes.map((o, i) => ({
    label: labels[trueLabels[i]!]!,
    predicted: o.predictsOutOfScope || o.confidence < threshold ? null : labels[topLabels[i]!]!,
  }));
}

export function heldOutFiguresOf(outcomes: readonly HeldOutOutcome[], threshold: number): HeldOutFigures {
  const rejected = (o: HeldOutOutcome) => o.predictsOutOfScope || o.confidence < threshold;
  const inScope = outcomes.filter((o) => !o.outOfScope);
  const outOfScope = outcomes.filter((o) => o.outOfScope);
  const accepted = outcomes.filter((o) => !rejected(o));
  const share = (n: number, of: number) => (of ? Math.round((n / of) * 10_000) / 10_000 : 0);
  return {
    examples: outcomes.length,
    // An open-set fit marks every out-of-scope outcome wrong (its threshold needs that); its top label is right when it is the out-of-scope one.
    topAccuracy: share(outcomes.filter((o) => (o.outOfScope ? o.predictsOutOfScope : o.correct)).length, outcomes.length),
    inScopeAccuracy: share(inScope.filter((o) => o.correct && !rejected(o)).length, inScope.length),
    outOfScopeRecall: outOfScope.length ? share(outOfScope.filter(rejected).length, outOfScope.length) : null,
    unclassifiedRate: share(outcomes.filter(rejected).length, outcomes.length),
    acceptedAccuracy: share(accepted.filter((o) => o.correct && !o.outOfScope).length, accepted.length),
    threshold,
  };
}
