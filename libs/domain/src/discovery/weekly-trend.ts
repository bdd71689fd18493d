import { isoDay, periodStart, periodStarts, addDays } from '../time/periods.js';

/** Contacts of a theme in one week (its Monday, UTC). */
export interface WeekCount {
  week: string;
  count: number;
}

/**
 * Members counted by the ISO week (UTC) of their date, every week from the first to the last of
 * `span` (the run's contacts' dates, so all themes of a run share one axis) with zeros included.
 */
export function weeklyTrend(dates: readonly Date[], span: { first: Date; last: Date }): WeekCount[] {
  if (span.last < span.first) return [];
  const weeks = periodStarts(isoDay(span.first), addDays(isoDay(span.last), 1), 'week');
  const counts = new Map(weeks.map((w) => [w, 0]));
  for (const date of dates) {
    const week = periodStart(isoDay(date), 'week');
    if (counts.has(week)) counts.set(week, counts.get(week)! + 1);
  }
  return weeks.map((week) => ({ week, count: counts.get(week)! }));
}
