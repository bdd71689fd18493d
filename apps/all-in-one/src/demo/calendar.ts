// Calendar days as `YYYY-MM-DD` strings in UTC, the form the metrics API speaks.

const DAY_MS = 86_400_000;

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** 0 = Monday … 6 = Sunday (weeks start on Monday, as in the metrics API). */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The Monday of the day's week. */
export function mondayOf(day: string): string {
  return addDays(day, -weekdayOf(day));
}

/** 1 = 1 January … 366. */
export function dayOfYear(day: string): number {
  const date = Date.parse(`${day}T00:00:00Z`);
  return Math.floor((date - Date.UTC(new Date(date).getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
