import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SpikesQuery } from '@frictionlens/contracts';
import {
  addDays,
  decideAlert,
  dedupeKey,
  emergingThemeAlert,
  isoDay,
  periodStart,
  spikeAlert,
  spikeResolvedAlert,
  spikeThresholds,
  verdictChangeAlert,
  weeklyDigestAlert,
  type Alert,
  type ImpactVerdict,
  type VerdictChange,
} from '@frictionlens/domain';
import type { AlertRepository, AlertSubscription, CountermeasureRepository, EmergingThemeRepository, MetricsRepository, NewAlertDelivery, StoredAlertState, TransactionRunner } from '@frictionlens/persistence';

/** What the evaluation reads from the metrics API's own code (SpikesService, CountermeasureImpactService). */
export interface AlertFigures {
  spikes(query: SpikesQuery): Promise<{ rows: Array<{ step?: string | null; category?: string; period: string; count: number; baseline: number }> }>;
  verdict(countermeasureId: number, now: Date): Promise<{ verdict: ImpactVerdict; summary: string }>;
}

/** Days of daily counts a spike is compared with. */
const SPIKE_BASELINE_DAYS = 14;

/** An issue the evaluation saw for one subscription, or an event to send once. */
interface Observation {
  key: string;
  alert: Alert;
  value?: Record<string, unknown>;
}

/** What an evaluation reads, and the transactions its decisions commit in (from the PersistenceModule). */
export interface AlertEvaluationStore {
  alerts: AlertRepository;
  countermeasures: CountermeasureRepository;
  emergingThemes: EmergingThemeRepository;
  metrics: MetricsRepository;
  transactions: TransactionRunner;
}

/**
 * One evaluation of every subscription at `now` (docs/alerts.md): spikes in yesterday's or today's
 * failure demand within its filters at its sensitivity, countermeasure verdicts that changed,
 * emerging themes raised, and last week's digest. Each subscription's decisions and the deliveries
 * they cause commit in one transaction (the outbox), under a lock on the subscription, so two
 * instances evaluating at once send one alert.
 */
export class AlertEvaluation {
  private readonly logger = new Logger(AlertEvaluation.name);
  private readonly alerts: AlertRepository;

  constructor(
    private readonly store: AlertEvaluationStore,
    private readonly figures: AlertFigures,
    private readonly cooldownMs: number,
  ) {
    this.alerts = store.alerts;
  }

  /** Evaluates every subscription; how many deliveries were queued. */
  async evaluate(now: Date): Promise<number> {
    const subscriptions = await this.alerts.subscriptions();
    if (!subscriptions.length) return 0;
    const names = await this.alerts.displayNames();
    const verdicts = new Map<number, Promise<{ verdict: ImpactVerdict; summary: string }>>();
    let queued = 0;
    for (const subscription of subscriptions) {
      try {
        queued += await this.evaluateOne(subscription, now, names, verdicts);
      } catch (error) {
        this.logger.warn({ subscriptionId: subscription.id, error: error instanceof Error ? error.message : String(error) }, 'alert evaluation of a subscription failed; trying again next round');
      }
    }
    return queued;
  }

  private async evaluateOne(s: AlertSubscription, now: Date, names: Awaited<ReturnType<AlertRepository['displayNames']>>, verdicts: Map<number, Promise<{ verdict: ImpactVerdict; summary: string }>>): Promise<number> {
    const wants = new Set(s.events);
    const spikes = wants.has('spike') ? await this.spikesSeen(s, now, names) : undefined;
    const changes = wants.has('countermeasure-verdict') ? await this.verdictsSeen(s, now, verdicts) : [];
    const themes = wants.has('emerging-theme') ? await this.themesSeen(s, now) : [];
    const digest = wants.has('weekly-digest') ? await this.digestSeen(s, now, names) : [];
    return this.store.transactions.run(async (tx) => {
      const alerts = tx.alerts;
      await alerts.lockSubscription(s.id);
      const deliveries: NewAlertDelivery[] = [];
      const send = (alert: Alert) => deliveries.push({ id: randomUUID(), subscriptionId: s.id, event: alert.event, alertStatus: alert.status, dedupeKey: alert.dedupeKey, alert: { ...alert } });
      if (spikes) await this.decideSpikes(alerts, s.id, spikes, now, send);
      for (const seen of [...changes, ...themes, ...digest]) await this.decideOnce(alerts, s.id, seen, now, send);
      await alerts.enqueue(deliveries);
      return deliveries.length;
    });
  }

  // One alert per spike while it lasts; "resolved" once no day of the look-back is a spike.
  private async decideSpikes(alerts: AlertRepository, subscriptionId: string, seen: Observation[], now: Date, send: (a: Alert) => void): Promise<void> {
    const states = await alerts.states(subscriptionId, 'spike:');
    const seenKeys = new Set(seen.map((o) => o.key));
    for (const o of seen) {
      const state = states.get(o.key);
      const decision = decideAlert(state, true, now, this.cooldownMs);
      if (decision === 'open') send(o.alert);
      // Reopened quietly within the cool-down: its end is not announced either.
      if (decision === 'open' || decision === 'reopen-quietly') await alerts.saveState(subscriptionId, { dedupeKey: o.key, status: 'open', openedAt: now, resolvedAt: null, lastSeenAt: now, value: { ...o.value, quiet: decision === 'reopen-quietly' } });
      else if (state) await alerts.saveState(subscriptionId, { ...state, lastSeenAt: now });
    }
    for (const state of states.values()) {
      if (seenKeys.has(state.dedupeKey) || decideAlert(state, false, now, this.cooldownMs) !== 'resolve') continue;
      const { by, key, name, quiet } = (state.value ?? {}) as { by?: 'step' | 'category'; key?: string; name?: string; quiet?: boolean };
      if (by && key && !quiet) send(spikeResolvedAlert(by, key, name ?? key, now));
      await alerts.saveState(subscriptionId, { ...state, status: 'resolved', resolvedAt: now });
    }
  }

  // Events without an end (a verdict change, a raised theme, a week's digest): sent once per key.
  private async decideOnce(alerts: AlertRepository, subscriptionId: string, o: Observation, now: Date, send: (a: Alert) => void): Promise<void> {
    const state = (await alerts.states(subscriptionId, o.key)).get(o.key);
    if (o.key.startsWith('countermeasure-verdict:')) {
      // The state holds the verdict this alert last saw (a string it wrote itself, read back as JSON).
      const stored = state?.value?.verdict;
      const before = typeof stored === 'string' ? stored : undefined;
      // The first verdict seen is remembered, not announced: only a change is news.
      if (before !== undefined && before !== o.value?.verdict) send(verdictChangeAlert({ ...(o.value as unknown as Omit<VerdictChange, 'from'>), from: before }, now));
      if (before !== o.value?.verdict) await alerts.saveState(subscriptionId, memory(o, now));
      return;
    }
    if (state) return;
    send(o.alert);
    await alerts.saveState(subscriptionId, memory(o, now));
  }

  private async spikesSeen(s: AlertSubscription, now: Date, names: { steps: Map<string, string>; categories: Map<string, string> }): Promise<Observation[]> {
    const by = s.filters.category ? 'category' : 'step';
    const { alpha, minCount } = spikeThresholds(s.sensitivity);
    const today = isoDay(now);
    const query = SpikesQuery.parse({
      by,
      interval: 'day',
      from: addDays(today, -1),
      to: addDays(today, 1),
      baselinePeriods: String(SPIKE_BASELINE_DAYS),
      alpha: String(alpha),
      ...(s.filters.valueStream && { valueStream: s.filters.valueStream.join(',') }),
      ...(s.filters.step && { step: s.filters.step.join(',') }),
      ...(s.filters.category && { category: s.filters.category.join(',') }),
    });
    const { rows } = await this.figures.spikes(query);
    const newest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      const key = by === 'step' ? row.step : row.category;
      if (!key || row.count < minCount) continue;
      if (!newest.has(key) || newest.get(key)!.period < row.period) newest.set(key, row);
    }
    return [...newest].map(([key, row]) => {
      const name = (by === 'step' ? names.steps : names.categories).get(key) ?? key;
      const alert = spikeAlert({ by, key, name, day: row.period, count: row.count, baseline: row.baseline }, now);
      return { key: alert.dedupeKey, alert, value: { by, key, name } };
    });
  }

  private async verdictsSeen(s: AlertSubscription, now: Date, cache: Map<number, Promise<{ verdict: ImpactVerdict; summary: string }>>): Promise<Observation[]> {
    const { valueStream, step, category } = s.filters;
    const countermeasures = (await this.store.countermeasures.list({ ...(step && { steps: step }) })).filter(
      (c) => c.status !== 'abandoned' && (!valueStream || valueStream.includes(c.valueStreamKey)) && (!category || c.categoryKeys.length === 0 || c.categoryKeys.some((k) => category.includes(k))),
    );
    const observations: Observation[] = [];
    for (const c of countermeasures) {
      if (!cache.has(c.id)) cache.set(c.id, this.figures.verdict(c.id, now));
      const { verdict, summary } = await cache.get(c.id)!;
      const value = { countermeasureId: c.id, title: c.title, step: c.stepKey, to: verdict, verdict, summary };
      observations.push({ key: dedupeKey('countermeasure-verdict', c.id), alert: verdictChangeAlert({ ...value, from: verdict }, now), value });
    }
    return observations;
  }

  // Themes raised since the subscription began (older ones were news before it existed).
  private async themesSeen(s: AlertSubscription, now: Date): Promise<Observation[]> {
    const raised = await this.store.emergingThemes.raised({ status: 'open', limit: 50 });
    return raised
      .filter((r) => r.raisedAt >= s.createdAt)
      .map((r) => {
        const alert = emergingThemeAlert({ themeId: r.theme.id, name: r.theme.name, size: r.theme.size }, now);
        return { key: alert.dedupeKey, alert };
      });
  }

  // Last week's digest, once the week is over; a subscription's first is the week it began in.
  private async digestSeen(s: AlertSubscription, now: Date, names: { steps: Map<string, string> }): Promise<Observation[]> {
    const thisWeek = periodStart(isoDay(now), 'week');
    const lastWeek = addDays(thisWeek, -7);
    if (s.createdAt.getTime() >= Date.parse(`${thisWeek}T00:00:00Z`)) return [];
    const metrics = this.store.metrics;
    const failureAt = async (from: string, to: string) => (await metrics.demandByStep({ from, to, ...s.filters })).filter((c) => c.demandType === 'failure');
    const [week, before] = await Promise.all([failureAt(lastWeek, thisWeek), failureAt(addDays(lastWeek, -7), lastWeek)]);
    const bySteps = new Map<string, number>();
    for (const c of week) if (c.stepKey) bySteps.set(c.stepKey, (bySteps.get(c.stepKey) ?? 0) + c.contacts);
    const topSteps = [...bySteps].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([key, count]) => ({ name: names.steps.get(key) ?? key, count }));
    const sum = (rows: typeof week) => rows.reduce((n, c) => n + c.contacts, 0);
    const alert = weeklyDigestAlert({ weekStart: lastWeek, failureContacts: sum(week), previousWeekFailureContacts: sum(before), topSteps, openAlerts: await this.alerts.openAlertCount() }, now);
    return [{ key: alert.dedupeKey, alert }];
  }
}

// Events with no end are remembered as resolved: only spikes stay open.
function memory(o: Observation, now: Date): StoredAlertState {
  return { dedupeKey: o.key, status: 'resolved', openedAt: now, resolvedAt: now, lastSeenAt: now, value: o.value ?? null };
}
