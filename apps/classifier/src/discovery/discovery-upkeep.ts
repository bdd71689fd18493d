import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '@frictionlens/platform';
import { ClassifierEncoder } from '../encoder/classifier-encoder.js';
import { DiscoveryRunner } from './discovery-runner.js';

/**
 * Looks for queued discovery runs every CLASSIFIER_CHECK_SECONDS and works them one at a time,
 * beside classification (its own loop: a long run never holds back model upkeep). Every
 * classifier instance looks; each run is claimed by one.
 */
@Injectable()
export class DiscoveryUpkeep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DiscoveryUpkeep.name);
  private readonly runner: DiscoveryRunner;
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime, db: DataSource, encoder: ClassifierEncoder) {
    this.runner = new DiscoveryRunner(db, encoder);
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
      this.round = this.workQueue()
        .catch((error: unknown) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'discovery upkeep failed; trying again'))
        .finally(() => this.schedule(this.runtime.config.CLASSIFIER_CHECK_SECONDS * 1_000));
    }, ms);
  }

  private async workQueue(): Promise<void> {
    while (!this.stopped && (await this.runner.runNext())) {
      // One run after another while runs are waiting.
    }
  }
}
