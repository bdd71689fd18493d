export type PeriodInterval = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;

/** A UTC date as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The first day of the period holding `day`: itself, its ISO week's Monday, or its month's 1st. */
export function periodStart(day: string, interval: PeriodInterval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

/** Every period start from the one holding `from` up to (not including) `to`, in order. */
export function periodStarts(from: string, to: string, interval: PeriodInterval): string[] {
  const starts: string[] = [];
  for (let start = periodStart(from, interval); start < to; start = nextPeriod(start, interval)) starts.push(start);
  return starts;
}

function nextPeriod(start: string, interval: PeriodInterval): string {
  if (interval === 'day') return addDays(start, 1);
  if (interval === 'week') return addDays(start, 7);
  const [year, month] = start.split('-').map(Number) as [number, number];
  return isoDay(new Date(Date.UTC(year, month, 1)));
}

/**
 * The period a metrics request covers when it names none, or only one end: the 12 full weeks
 * before the current one (so every week shown is complete).
 */
export function defaultPeriod(period: { from?: string; to?: string }, today: Date = new Date()): { from: string; to: string } {
  const to = period.to ?? periodStart(isoDay(today), 'week');
  return { from: period.from ?? addDays(to, -84), to };
}
