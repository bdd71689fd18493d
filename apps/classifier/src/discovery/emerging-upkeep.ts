import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TransactionRunner } from '@frictionlens/persistence';
import { RepeatingTask, RUNTIME, type Runtime } from '@frictionlens/platform';
import { EmergingThemes } from './emerging-themes.js';

/**
 * Every CLASSIFIER_CHECK_SECONDS: queues an emerging run when DISCOVERY_EMERGING_EVERY has passed
 * since the last one (one instance: an advisory lock), and judges the emerging runs the
 * discovery upkeep has finished. Judging goes on with the schedule off, for runs queued before.
 */
@Injectable()
export class EmergingUpkeep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EmergingUpkeep.name);
  private readonly emerging: EmergingThemes;
  private readonly task: RepeatingTask;

  constructor(@Inject(RUNTIME) runtime: Runtime, transactions: TransactionRunner) {
    this.emerging = new EmergingThemes(transactions, { everyMs: runtime.config.DISCOVERY_EMERGING_EVERY });
    this.task = new RepeatingTask(
      () => this.check(),
      () => runtime.config.CLASSIFIER_CHECK_SECONDS * 1_000,
      (error) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'emerging themes upkeep failed; trying again'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  private async check(): Promise<void> {
    await this.emerging.scheduleDue();
    if (!this.task.isStopped) await this.emerging.assessFinished();
  }
}
