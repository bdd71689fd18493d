export type PeriodInterval = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;

/**
 * Most period starts one list may hold: a metrics request spans at most 1,100 days
 * (MAX_METRICS_DAYS in libs/contracts), and a spike test looks back at most 52 weeks before it,
 * so 1,100 + 364 + a partial week either side. A longer list means a caller skipped those checks;
 * it is refused rather than built (a text comparison of dates once made this loop endless).
 */
export const MAX_PERIOD_STARTS = 1_500;

/** A UTC date as YYYY-MM-DD; a RangeError outside years 0000–9999, which JavaScript writes with a sign (+010000-01-03). */
export function isoDay(date: Date): string {
  const text = date.toISOString();
  if (text.length !== 24) throw new RangeError(`${text} is outside the years 0000–9999`);
  return text.slice(0, 10);
}

/** Milliseconds since the epoch of a YYYY-MM-DD day (UTC midnight); a RangeError for anything else. */
export function dayTime(day: string): number {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  if (Number.isNaN(time) || isoDay(new Date(time)) !== day) throw new RangeError(`'${day}' is not a date as YYYY-MM-DD`);
  return time;
}

export function addDays(day: string, days: number): string {
  return isoDay(new Date(dayTime(day) + days * DAY_MS));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dayTime(to) - dayTime(from)) / DAY_MS);
}

/** The first day of the period holding `day`: itself, its ISO week's Monday, or its month's 1st. */
export function periodStart(day: string, interval: PeriodInterval): string {
  const time = dayTime(day);
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(time).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

/**
 * Every period start from the one holding `from` up to (not including) `to`, in order. Dates are
 * compared as times, never as text ('+010000-01-03' sorts before '9999-12-31'), and a list
 * longer than `maxPeriods` is a RangeError, so no input can make it run long.
 */
export function periodStarts(from: string, to: string, interval: PeriodInterval, maxPeriods: number = MAX_PERIOD_STARTS): string[] {
  const end = dayTime(to);
  const starts: string[] = [];
  for (let start = dayTime(periodStart(from, interval)); start < end; start = nextPeriod(start, interval)) {
    if (starts.length >= maxPeriods) throw new RangeError(`${from} to ${to} holds more than ${maxPeriods} ${interval}s`);
    starts.push(isoDay(new Date(start)));
  }
  return starts;
}

/** The start of the period after the one starting at `start` (both times, so the step past 9999-12-31 is a number like any other). */
function nextPeriod(start: number, interval: PeriodInterval): number {
  if (interval === 'day') return start + DAY_MS;
  if (interval === 'week') return start + 7 * DAY_MS;
  // Not Date.UTC(year, month, 1): it reads years 0–99 as 1900–1999.
  const next = new Date(start);
  next.setUTCMonth(next.getUTCMonth() + 1, 1);
  return next.getTime();
}

/**
 * The period a metrics request covers when it names none, or only one end: the 12 full weeks
 * before the current one (so every week shown is complete).
 */
export function defaultPeriod(period: { from?: string; to?: string }, today: Date = new Date()): { from: string; to: string } {
  const to = period.to ?? periodStart(isoDay(today), 'week');
  return { from: period.from ?? addDays(to, -84), to };
}
