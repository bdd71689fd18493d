import { customerHasher, DefaultNormaliseLimits } from '@frictionlens/domain';
import { normaliseEvents, type IncomingEvent, type NormaliseOutcome } from './normalise-events.js';

export interface EventNormaliserSettings {
  maxTextBytes: number;
  maxFutureSkewMs: number;
  customerHashKey: string;
  /** Largest size of the fields other than the text (INGEST_MAX_ATTRIBUTE_BYTES); the domain's default when absent. */
  maxAttributeBytes?: number;
}

/**
 * Validates, redacts and prepares batches of events with the service's limits and hashing key.
 * It runs on the main thread: measured on 2 cores, a worker-thread pool added ~25% CPU per event
 * (copying batches between threads) and no throughput while the broker and PostgreSQL shared the
 * cores. Its cost per event is kept low instead (docs/ingest-performance.md): on a quiet machine
 * the main thread is what limits one instance.
 */
export class EventNormaliser {
  private readonly hashCustomer: (id: string) => string;

  constructor(private readonly settings: EventNormaliserSettings) {
    this.hashCustomer = customerHasher(settings.customerHashKey);
  }

  normalise(events: IncomingEvent[], now: Date): NormaliseOutcome[] {
    return normaliseEvents(events, {
      now,
      maxTextBytes: this.settings.maxTextBytes,
      maxFutureSkewMs: this.settings.maxFutureSkewMs,
      hashCustomer: this.hashCustomer,
      maxAttributeBytes: this.settings.maxAttributeBytes ?? DefaultNormaliseLimits.maxAttributeBytes,
    });
  }
}
