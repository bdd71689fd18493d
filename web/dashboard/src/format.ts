// Numbers as people read them; every share with its 95% interval where the API gives one.
import type { MetricsReflects } from '@frictionlens/contracts';

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
}

export function pctRange(low: number | null | undefined, high: number | null | undefined, digits = 1): string {
  if (low === null || low === undefined || high === null || high === undefined) return '';
  return `95% CI ${(low * 100).toFixed(digits)}–${(high * 100).toFixed(digits)}%`;
}

/** Counts may be fractional (a category split across steps counts by its link weights). */
export function count(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-GB', { maximumFractionDigits: Number.isInteger(x) ? 0 : 1 });
}

export function decimal(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

export function range(low: number | null | undefined, high: number | null | undefined, digits = 2): string {
  if (low === null || low === undefined || high === null || high === undefined) return '';
  return `95% CI ${low.toFixed(digits)}–${high.toFixed(digits)}`;
}

/** A relative change (0.2 = 20% more) as "+20%". */
export function change(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  return `${sign}${Math.abs(x * 100).toFixed(0)}%`;
}

export function changeRange(low: number | null | undefined, high: number | null | undefined): string {
  if (low === null || low === undefined || high === null || high === undefined) return '';
  return `95% CI ${change(low)} to ${change(high)}`;
}

/** A difference of two shares in percentage points. */
export function points(x: number): string {
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  return `${sign}${Math.abs(x * 100).toFixed(1)} points`;
}

export function day(iso: string): string {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

/** Which versions the figures were counted with: after a taxonomy or map change, older exports differ for that reason. */
export function reflectsLine(reflects: MetricsReflects): string {
  const taxonomy = reflects.taxonomyVersion === null ? 'no taxonomy yet' : `taxonomy version ${reflects.taxonomyVersion}`;
  return `Counted with ${taxonomy}, value-stream map version ${reflects.valueStreamVersion} (of ${dateTime(reflects.valueStreamChangedAt)}), repeat window ${reflects.repeatWindowDays} days.`;
}

/** Said on every figure greyed out by tooUncertainToActOn. */
export const UNCERTAIN_TITLE = 'Its 95% interval is too wide to act on: it rests on too few contacts. Read them, or run a sample-and-listen study.';

/** Money as people say it: "£412,000" (three significant figures: a yearly cost is an estimate, not an invoice). */
export function money(x: number | null | undefined, currency: string | null): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const rounded = x >= 1000 ? Number(x.toPrecision(3)) : Math.round(x);
  return currency ? rounded.toLocaleString('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }) : `${count(rounded)} (no currency)`;
}

/** A money range in short form: "£380k–£445k". */
export function moneyRange(low: number, high: number, currency: string | null): string {
  const short = (x: number) => {
    const [scaled, suffix] = x >= 1e6 ? [x / 1e6, 'm'] : x >= 1e3 ? [x / 1e3, 'k'] : [x, ''];
    const digits = scaled >= 100 || suffix === '' ? 0 : scaled >= 10 ? 0 : 1;
    const text = Number(scaled.toFixed(digits)).toLocaleString('en-GB', currency ? { style: 'currency', currency, maximumFractionDigits: digits } : { maximumFractionDigits: digits });
    return `${text}${suffix}`;
  };
  return `${short(low)}–${short(high)}`;
}

/**
 * A rate per million with the digits it needs to tell values apart: whole numbers from 100,
 * one decimal from 10, two below.
 */
export function perMillion(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-GB', { maximumFractionDigits: x >= 100 ? 0 : x >= 10 ? 1 : 2, minimumFractionDigits: x >= 100 ? 0 : x >= 10 ? 1 : 2 });
}

/**
 * A share near 100% (%C&A) with as many decimals as it takes for its interval not to read as a
 * point: 99.9914% (95% CI 99.9902–99.9925%). At most 6 decimals; an interval narrower still is
 * said as "< 0.000001 points wide".
 */
export function pctPrecise(x: number | null | undefined, low?: number | null, high?: number | null): { value: string; range: string } {
  if (x === null || x === undefined || !Number.isFinite(x)) return { value: '–', range: '' };
  const hasRange = low !== null && low !== undefined && high !== null && high !== undefined;
  let digits = 2;
  // Enough decimals that the gap to 100% and the interval's ends both show.
  while (digits < 6 && ((hasRange && (low! * 100).toFixed(digits) === (high! * 100).toFixed(digits)) || (x < 1 && (x * 100).toFixed(digits) === '100.' + '0'.repeat(digits)))) digits += 1;
  const value = `${(x * 100).toFixed(digits)}%`;
  if (!hasRange) return { value, range: '' };
  const a = (low! * 100).toFixed(digits);
  const b = (high! * 100).toFixed(digits);
  return { value, range: a === b ? `95% CI < ${(10 ** -digits).toFixed(digits)} points wide` : `95% CI ${a}–${b}%` };
}

/**
 * A classifier's confidence as it can honestly be read: whole percent, but never "100%" or "0%"
 * (a calibrated probability is not certainty): "> 99%", "< 1%".
 */
export function confidence(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x >= 0.995) return '> 99%';
  if (x < 0.005) return '< 1%';
  return pct(x, 0);
}
