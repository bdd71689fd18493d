import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { customerHasher } from '@frictionlens/domain';
import { normaliseEvents, type IncomingEvent, type NormaliseOutcome } from './normalise-events.js';
import type { NormaliseTask, NormaliseWorkerData } from './normalise.worker.js';

export const EVENT_NORMALISER = Symbol('EVENT_NORMALISER');

export interface EventNormaliserSettings extends NormaliseWorkerData {
  /** Worker threads for decoding, validating and redacting; 0 runs everything on the main thread. */
  workerThreads: number;
}

/**
 * Validates and redacts batches of events. Node runs JavaScript on one core; with worker threads
 * the CPU-heavy part (JSON, validation, redaction, hashing) runs beside the main thread, which
 * keeps Kafka and PostgreSQL busy, so one ingest process can use the whole machine.
 */
export class EventNormaliser {
  private readonly pool?: Piscina;
  private readonly hashCustomer: (id: string) => string;

  constructor(private readonly settings: EventNormaliserSettings) {
    this.hashCustomer = customerHasher(settings.customerHashKey);
    const worker = new URL('./normalise.worker.js', import.meta.url);
    // Running from TypeScript sources (the unit and in-process tests) there is no compiled worker.
    if (settings.workerThreads > 0 && existsSync(fileURLToPath(worker))) {
      const workerData: NormaliseWorkerData = {
        maxTextBytes: settings.maxTextBytes,
        maxFutureSkewMs: settings.maxFutureSkewMs,
        customerHashKey: settings.customerHashKey,
      };
      this.pool = new Piscina({ filename: worker.href, workerData, minThreads: settings.workerThreads, maxThreads: settings.workerThreads });
    }
  }

  get threads(): number {
    return this.pool ? this.settings.workerThreads : 0;
  }

  async normalise(events: IncomingEvent[], now: Date): Promise<NormaliseOutcome[]> {
    // Raw Kafka batches go to the pool; parsed HTTP bodies are small and already objects.
    if (this.pool && events.length > 0 && 'bytes' in events[0]!) {
      const task: NormaliseTask = { events, now: now.getTime() };
      return (await this.pool.run(task)) as NormaliseOutcome[];
    }
    return normaliseEvents(events, { now, maxTextBytes: this.settings.maxTextBytes, maxFutureSkewMs: this.settings.maxFutureSkewMs, hashCustomer: this.hashCustomer });
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
