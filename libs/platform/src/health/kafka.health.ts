import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { probeKafka } from '@frictionlens/kafka';
import { RUNTIME, type Runtime } from '../runtime.js';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'kafka') {
    const indicator = this.health.check(key);
    const { kafka, config } = this.runtime;
    if (!kafka) {
      // Running without Kafka is a supported mode (embedded demo, HTTP ingest), not an outage.
      return indicator.up({ consumers: 'off', reason: 'KAFKA_BROKERS is not set' });
    }
    const probe = await probeKafka(kafka);
    return probe.reachable
      ? indicator.up({ brokers: config.KAFKA_BROKERS, clusterBrokers: probe.brokers })
      : indicator.down({ brokers: config.KAFKA_BROKERS, error: probe.error });
  }
}
