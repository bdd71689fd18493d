import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryRepository, EmbeddingRepository, ModelVersionRepository, TaxonomyRepository, ValueStreamRepository } from '@frictionlens/persistence';
import { RepeatingTask, RUNTIME, type Runtime } from '@frictionlens/platform';
import { ClassifierEncoder } from '../encoder/classifier-encoder.js';
import { discoveryRunEncoders } from './discovery-encoder.js';
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
  private readonly task: RepeatingTask;

  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    runs: DiscoveryRepository,
    taxonomy: TaxonomyRepository,
    models: ModelVersionRepository,
    embeddings: EmbeddingRepository,
    streams: ValueStreamRepository,
    encoder: ClassifierEncoder,
  ) {
    const discoveryEncoder = { name: runtime.config.DISCOVERY_ENCODER, folder: encoder.settings.folder };
    this.runner = new DiscoveryRunner({ runs, taxonomy, models, embeddings, streams }, discoveryRunEncoders(encoder, discoveryEncoder));
    this.task = new RepeatingTask(
      () => this.workQueue(),
      () => runtime.config.CLASSIFIER_CHECK_SECONDS * 1_000,
      (error) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'discovery upkeep failed; trying again'),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  private async workQueue(): Promise<void> {
    while (!this.task.isStopped && (await this.runner.runNext())) {
      // One run after another while runs are waiting.
    }
  }
}
