// Input checks shared by the failure-demand functions. Counts arrive from SQL sums, so they may be
// fractional (a contact split across steps) but never negative, NaN or infinite.

/** Throws a RangeError unless `value` is a finite number ≥ 0. */
export function assertCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
}

/** Throws a RangeError unless `value` is a finite number > 0. */
export function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
}

/** Throws a RangeError unless `confidence` lies strictly between 0 and 1. */
export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must lie between 0 and 1, got ${confidence}`);
}

/**
 * Throws a RangeError when `part` exceeds `whole`. Sums of fractional shares in floating point can
 * overshoot by a rounding error, so a relative slack of 1e-9 is allowed.
 */
export function assertAtMost(partName: string, part: number, wholeName: string, whole: number): void {
  if (part > whole * (1 + 1e-9) + 1e-12) throw new RangeError(`${partName} (${part}) exceeds ${wholeName} (${whole})`);
}
