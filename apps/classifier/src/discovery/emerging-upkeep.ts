import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
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
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, db: DataSource) {
    this.emerging = new EmergingThemes(db, { everyMs: runtime.config.DISCOVERY_EMERGING_EVERY });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.check()
        .catch((error: unknown) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'emerging themes upkeep failed; trying again'))
        .finally(() => this.schedule(this.runtime.config.CLASSIFIER_CHECK_SECONDS * 1_000));
    }, ms);
  }

  private async check(): Promise<void> {
    await this.emerging.scheduleDue();
    if (!this.stopped) await this.emerging.assessFinished();
  }
}
