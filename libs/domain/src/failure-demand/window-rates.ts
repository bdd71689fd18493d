import { assertCount } from './guards.js';
import { poissonInterval, ratePer1000 } from './poisson.js';

/** Failure contacts in a window before or after a countermeasure started. */
export interface ImpactWindow {
  count: number;
  weeks: number;
  /** Units of work handled in the window, when volumes are known. */
  units?: number | null;
}

/** A window's rates, each with its Garwood interval; null where the window has no weeks or units. */
export interface WindowRates {
  count: number;
  weeks: number;
  units: number | null;
  perWeek: number | null;
  perWeekLow: number | null;
  perWeekHigh: number | null;
  per1000Units: number | null;
  per1000UnitsLow: number | null;
  per1000UnitsHigh: number | null;
}

/**
 * A window's failure contacts per week and per 1000 units handled, each with the Garwood interval
 * of the count scaled the same way. Per week is null for a window of 0 weeks; per 1000 units is
 * null without units or with 0 units. Throws a RangeError for negative or non-finite values.
 */
export function windowRates({ count, weeks, units = null }: ImpactWindow, confidence = 0.95): WindowRates {
  assertCount('count', count);
  assertCount('weeks', weeks);
  if (units !== null) assertCount('units', units);
  const counted = poissonInterval(count, confidence);
  const perUnits = units ? ratePer1000(count, units, confidence) : null;
  return {
    count,
    weeks,
    units,
    perWeek: weeks > 0 ? count / weeks : null,
    perWeekLow: weeks > 0 ? counted.low / weeks : null,
    perWeekHigh: weeks > 0 ? counted.high / weeks : null,
    per1000Units: perUnits?.rate ?? null,
    per1000UnitsLow: perUnits?.low ?? null,
    per1000UnitsHigh: perUnits?.high ?? null,
  };
}
