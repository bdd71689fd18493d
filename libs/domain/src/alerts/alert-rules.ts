/** What a subscription can be told about. */
export const AlertEvents = ['spike', 'emerging-theme', 'countermeasure-verdict', 'weekly-digest'] as const;
export type AlertEvent = (typeof AlertEvents)[number];

/** How readily a subscription is alerted: `high` sees smaller, likelier-to-be-noise spikes. */
export const AlertSensitivities = ['low', 'medium', 'high'] as const;
export type AlertSensitivity = (typeof AlertSensitivities)[number];

/** The spike test's settings for a sensitivity. */
export interface SpikeThresholds {
  /** Tail probability below which a day is a spike (findSpikes' alpha). */
  alpha: number;
  /** Fewest failure contacts on the day for it to be worth telling anyone. */
  minCount: number;
}

// Medium is the metrics API's own default (alpha 0.001); low and high move it a decade each way
// and ask for more or fewer contacts, so a quiet category does not page anyone over 3 contacts.
const THRESHOLDS: Record<AlertSensitivity, SpikeThresholds> = {
  low: { alpha: 0.0001, minCount: 20 },
  medium: { alpha: 0.001, minCount: 10 },
  high: { alpha: 0.01, minCount: 5 },
};

/** The spike thresholds a sensitivity stands for. */
export function spikeThresholds(sensitivity: AlertSensitivity): SpikeThresholds {
  return THRESHOLDS[sensitivity];
}

/**
 * The stable name of one issue: the same spike on the same step keeps one key while it lasts, so
 * it is alerted once, however many evaluations see it. Parts are joined with `:` after escaping.
 */
export function dedupeKey(event: AlertEvent | 'test', ...parts: ReadonlyArray<string | number>): string {
  return [event, ...parts.map((p) => String(p).replace(/%/g, '%25').replace(/:/g, '%3A'))].join(':');
}

/** What is known about one issue for one subscription. */
export interface AlertState {
  status: 'open' | 'resolved';
  openedAt: Date;
  resolvedAt: Date | null;
}

/** What an evaluation does about one issue: tell that it began or ended, remember it quietly, or nothing. */
export type AlertDecision = 'open' | 'reopen-quietly' | 'resolve' | 'none';

/**
 * One alert per issue. An issue seen for the first time opens (and is sent); seen again while
 * open, nothing. No longer seen while open, it resolves (and "resolved" is sent). Seen again within
 * the cool-down after it resolved, it reopens without a message, so a count hovering around its
 * threshold does not page people every few minutes; after the cool-down it opens as new.
 */
export function decideAlert(state: AlertState | undefined, seen: boolean, now: Date, cooldownMs: number): AlertDecision {
  if (!state) return seen ? 'open' : 'none';
  if (state.status === 'open') return seen ? 'none' : 'resolve';
  if (!seen) return 'none';
  const resolvedAt = state.resolvedAt ?? state.openedAt;
  return now.getTime() - resolvedAt.getTime() < cooldownMs ? 'reopen-quietly' : 'open';
}

/** Retry schedule of a delivery that failed. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * When to try a failed delivery again: base × 2^(attempts − 1), capped at maxMs, with up to 20%
 * added at random so that many deliveries to one receiver that came back do not arrive together.
 * Undefined once `attempts` reaches maxAttempts: the delivery has failed for good.
 */
export function nextAttemptDelayMs(attempts: number, options: BackoffOptions, random: () => number = Math.random): number | undefined {
  if (attempts >= options.maxAttempts) return undefined;
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (1 + 0.2 * random()));
}

/** Whether a URL may be a webhook target: an absolute http(s) URL without credentials in it. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
  if (parsed.username || parsed.password) return 'must not carry a user name or password (the signature authenticates the sender)';
  return undefined;
}
