/** A confidence interval: the plausible range of a figure, `low` ≤ `high`. */
export interface ConfidenceInterval {
  low: number;
  high: number;
}
