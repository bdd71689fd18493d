// Numbers as people read them; every share with its 95% interval where the API gives one.
import type { Reflects } from './api.js';

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
export function reflectsLine(reflects: Reflects): string {
  const taxonomy = reflects.taxonomyVersion === null ? 'no taxonomy yet' : `taxonomy version ${reflects.taxonomyVersion}`;
  return `Counted with ${taxonomy}, value-stream map version ${reflects.valueStreamVersion} (of ${dateTime(reflects.valueStreamChangedAt)}), repeat window ${reflects.repeatWindowDays} days.`;
}

/** Said on every figure greyed out by tooUncertainToActOn. */
export const UNCERTAIN_TITLE = 'Its 95% interval is too wide to act on: it rests on too few contacts. Read them, or run a sample-and-listen study.';
