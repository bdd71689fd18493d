import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AlertRepository, CountermeasureRepository, EmergingThemeRepository, MetricsRepository, TransactionRunner } from '@frictionlens/persistence';
import { RepeatingTask, RUNTIME, type Runtime } from '@frictionlens/platform';
import { CountermeasureImpactService } from '../metrics/countermeasure-impact.service.js';
import { SpikesService } from '../metrics/spikes.service.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import { AlertEvaluation } from './alert-evaluation.js';

/** Verdicts compare this many weeks before and after a countermeasure's start (the impact endpoint's default). */
const VERDICT_WEEKS = 8;

/** Evaluates the alert subscriptions every ALERTS_EVALUATE_SECONDS where the API runs. */
@Injectable()
export class AlertEvaluator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertEvaluator.name);
  private readonly evaluation: AlertEvaluation;
  private readonly task: RepeatingTask;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    alerts: AlertRepository,
    countermeasures: CountermeasureRepository,
    emergingThemes: EmergingThemeRepository,
    metrics: MetricsRepository,
    transactions: TransactionRunner,
    spikes: SpikesService,
    impact: CountermeasureImpactService,
    private readonly dispatcher: AlertDispatcher,
  ) {
    this.evaluation = new AlertEvaluation(
      { alerts, countermeasures, emergingThemes, metrics, transactions },
      { spikes: (query) => spikes.spikes(query), verdict: (id, now) => impact.impact(id, { weeks: VERDICT_WEEKS }, now) },
      runtime.config.ALERTS_COOLDOWN_MINUTES * 60_000,
    );
    const everyMs = runtime.config.ALERTS_EVALUATE_SECONDS * 1_000;
    this.task = new RepeatingTask(
      () => this.evaluate(),
      () => everyMs,
      (error) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'alert evaluation failed; trying again'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start(this.runtime.config.ALERTS_EVALUATE_SECONDS * 1_000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** One evaluation at `now`; how many deliveries it queued (sent by the dispatcher at once). */
  async evaluate(now: Date = new Date()): Promise<number> {
    const queued = await this.evaluation.evaluate(now);
    if (queued > 0) {
      this.logger.log({ queued }, 'alerts queued');
      this.dispatcher.nudge();
    }
    return queued;
  }
}
