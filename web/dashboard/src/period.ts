import { addDays } from '../../../libs/domain/src/time/periods.js';
import { api, query } from './api.js';
import type { ContactsResponse } from '@frictionlens/contracts';

// The period every screen shows: whole weeks (Monday to Monday, UTC, as the API counts them)
// ending with the latest week that has data, so a demo data set from the past still shows.

export const PERIOD_CHOICES = [12, 26, 52] as const;
const STORED = 'frictionlens.weeks';
const DAY = 86_400_000;

// The server's own day arithmetic (UTC days as YYYY-MM-DD), so both count weeks the same way.
export { addDays };

export interface Period {
  weeks: number;
  from: string;
  /** Exclusive. */
  to: string;
}

let end: Date | undefined;

const iso = (date: Date) => date.toISOString().slice(0, 10);

function mondayOf(date: Date): Date {
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return new Date(midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY);
}

/**
 * The period's end: the Monday after the newest contact's week, but never past the start of the
 * current week (a week still running would show as a dip). False when no contact has been
 * classified yet (the drill-down lists only contacts the metrics count).
 */
export async function findPeriodEnd(): Promise<boolean> {
  const today = new Date();
  const thisMonday = mondayOf(today);
  end = thisMonday;
  const newest = await api<ContactsResponse>(`/v1/contacts${query({ limit: 1, from: iso(new Date(today.getTime() - 1_095 * DAY)), to: iso(new Date(today.getTime() + DAY)) })}`);
  const latest = newest.rows[0];
  if (!latest) return false;
  const after = new Date(mondayOf(new Date(latest.occurredAt)).getTime() + 7 * DAY);
  end = after < thisMonday ? after : thisMonday;
  return true;
}

export function chosenWeeks(): number {
  const stored = Number(localStorage.getItem(STORED));
  return (PERIOD_CHOICES as readonly number[]).includes(stored) ? stored : 26;
}

export function chooseWeeks(weeks: number): void {
  localStorage.setItem(STORED, String(weeks));
}

export function currentPeriod(weeks = chosenWeeks()): Period {
  const to = iso(end ?? mondayOf(new Date()));
  return { weeks, from: addDays(to, -7 * weeks), to };
}

/** The same number of weeks just before. */
export function previousPeriod(period: Period): Period {
  return { weeks: period.weeks, from: addDays(period.from, -7 * period.weeks), to: period.from };
}
