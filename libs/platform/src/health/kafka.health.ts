import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Kafka } from 'kafkajs';
import { createKafka, probeKafka, silentLogSink } from '@frictionlens/kafka';
import { RUNTIME, type Runtime } from '../runtime.js';

@Injectable()
export class KafkaHealthIndicator {
  // A client of its own that never retries: a probe must answer within its deadline and leave
  // nothing reconnecting behind it.
  private readonly probeClient?: Kafka;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly health: HealthIndicatorService,
  ) {
    const { KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: clientId } = runtime.config;
    if (brokers) this.probeClient = createKafka({ brokers, clientId: `${clientId}-health` }, silentLogSink, { retries: 0 });
  }

  async check(key = 'kafka') {
    const indicator = this.health.check(key);
    const { config } = this.runtime;
    if (!this.probeClient) {
      // Running without Kafka is a supported mode (embedded demo, HTTP ingest), not an outage.
      return indicator.up({ consumers: 'off', reason: 'KAFKA_BROKERS is not set' });
    }
    const probe = await probeKafka(this.probeClient);
    return probe.reachable
      ? indicator.up({ brokers: config.KAFKA_BROKERS, clusterBrokers: probe.brokers })
      : indicator.down({ brokers: config.KAFKA_BROKERS, error: probe.error });
  }
}
