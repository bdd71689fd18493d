import type { Alert } from './alert-payloads.js';
import { dedupeKey } from './alert-rules.js';

/** A day with far more failure demand than its recent baseline, at a step or in a category. */
export interface SpikeSeen {
  by: 'step' | 'category';
  key: string;
  /** The name people know it by (falls back to the key). */
  name: string;
  day: string;
  count: number;
  baseline: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The alert that a spike began (one per step or category while it lasts). */
export function spikeAlert(spike: SpikeSeen, at: Date): Alert {
  const where = spike.by === 'step' ? `at ${spike.name}` : `in ${spike.name}`;
  return {
    event: 'spike',
    status: 'open',
    dedupeKey: dedupeKey('spike', spike.by, spike.key),
    title: `Failure demand spike ${where}`,
    summary: `${spike.count} failure contacts ${where} on ${spike.day}, against about ${round1(spike.baseline)} a day before it.`,
    occurredAt: at.toISOString(),
    figures: { [spike.by]: spike.key, day: spike.day, count: spike.count, baseline: round1(spike.baseline) },
    link: spike.by === 'step' ? `#/step/${encodeURIComponent(spike.key)}` : '#/',
  };
}

/** The alert that a spike ended: the same dedupe key as the one that opened it. */
export function spikeResolvedAlert(by: 'step' | 'category', key: string, name: string, at: Date): Alert {
  const where = by === 'step' ? `at ${name}` : `in ${name}`;
  return {
    event: 'spike',
    status: 'resolved',
    dedupeKey: dedupeKey('spike', by, key),
    title: `Failure demand spike ${where} is over`,
    summary: `Failure demand ${where} is back within its usual range.`,
    occurredAt: at.toISOString(),
    figures: { [by]: key },
  };
}

/** A countermeasure whose verdict changed between two evaluations. */
export interface VerdictChange {
  countermeasureId: number;
  title: string;
  step: string;
  from: string;
  to: string;
  /** The impact's own sentence. */
  summary: string;
}

/** The alert that a countermeasure's verdict changed ("no clear change" → "reduced", say). */
export function verdictChangeAlert(change: VerdictChange, at: Date): Alert {
  return {
    event: 'countermeasure-verdict',
    status: 'info',
    dedupeKey: dedupeKey('countermeasure-verdict', change.countermeasureId, change.to),
    title: `"${change.title}": ${change.from} → ${change.to}`,
    summary: change.summary,
    occurredAt: at.toISOString(),
    figures: { countermeasure: change.countermeasureId, step: change.step, before: change.from, now: change.to },
  };
}

/** A new theme raised by discovery. */
export interface EmergingThemeSeen {
  themeId: number;
  name: string;
  size: number;
}

/** The alert that discovery raised a new theme. */
export function emergingThemeAlert(theme: EmergingThemeSeen, at: Date): Alert {
  return {
    event: 'emerging-theme',
    status: 'info',
    dedupeKey: dedupeKey('emerging-theme', theme.themeId),
    title: `Emerging theme: ${theme.name}`,
    summary: `Discovery found a theme of ${theme.size} contacts that no category covers yet.`,
    occurredAt: at.toISOString(),
    figures: { theme: theme.themeId, contacts: theme.size },
    link: '#/discover',
  };
}

/** A week's figures for the digest. */
export interface WeekFigures {
  weekStart: string;
  failureContacts: number;
  previousWeekFailureContacts: number;
  topSteps: Array<{ name: string; count: number }>;
  openAlerts: number;
}

/** The weekly digest: last week's failure demand, its change and where it began. */
export function weeklyDigestAlert(week: WeekFigures, at: Date): Alert {
  const change = week.failureContacts - week.previousWeekFailureContacts;
  const direction = change === 0 ? 'the same as' : change > 0 ? `${change} more than` : `${-change} fewer than`;
  const top = week.topSteps.length ? ` Most began at ${week.topSteps.map((s) => `${s.name} (${s.count})`).join(', ')}.` : '';
  return {
    event: 'weekly-digest',
    status: 'info',
    dedupeKey: dedupeKey('weekly-digest', week.weekStart),
    title: `Failure demand in the week of ${week.weekStart}`,
    summary: `${week.failureContacts} failure contacts, ${direction} the week before.${top} ${week.openAlerts} alert(s) open.`,
    occurredAt: at.toISOString(),
    figures: { week: week.weekStart, failureContacts: week.failureContacts, weekBefore: week.previousWeekFailureContacts, openAlerts: week.openAlerts },
  };
}

/** The alert `POST /v1/alerts/subscriptions/{id}/test` sends. */
export function testAlert(at: Date): Alert {
  return {
    event: 'test',
    status: 'info',
    dedupeKey: dedupeKey('test', at.toISOString()),
    title: 'Test alert from FrictionLens',
    summary: 'This subscription reaches you. Real alerts look like this one.',
    occurredAt: at.toISOString(),
    figures: {},
  };
}
