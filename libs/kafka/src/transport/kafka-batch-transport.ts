import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { BatchConsumer, type BatchConsumerOptions, type ConsumedBatch } from '../batch-consumer.js';
import { errorText } from '../handler-failure.js';
import type { LogSink } from '../kafka-client.js';

/**
 * One consumer group of a service: its name and its delivery policy. Its handlers are
 * `@EventPattern(topic, { consumerGroup: name })` methods of a `@KafkaBatchController()`, where
 * `topic` is the topic's name without the deployment's prefix (`Topics.tickets`); each receives a
 * whole `ConsumedBatch` of one partition and resolves once every message is stored or
 * dead-lettered (see `BatchHandler`).
 */
export interface ConsumerGroup {
  /** The group's id without the topic prefix, e.g. `frictionlens.ingest`. */
  readonly name: string;
  /** How BatchConsumer runs this group: dead letters, retries, concurrency, watchdog. */
  consumerOptions(): ConsumerGroupOptions;
  /** Before the group is joined, with the consumer that will join it: watch it, wait for what the handlers need. */
  beforeConsuming?(consumer: BatchConsumer, groupId: string): Promise<void>;
  /** After the group was left (the batch in hand committed): close what the handlers used. */
  afterConsuming?(): Promise<void>;
}

/** What a consumer group decides itself; the transport fills in the id, the topics and the fatal-error path. */
export type ConsumerGroupOptions = Omit<BatchConsumerOptions, 'groupId' | 'topics' | 'onFatalError'>;

/** What BatchConsumer does for the transport; a stand-in in unit tests. */
export type BatchConsumerEngine = Pick<BatchConsumer, 'start' | 'stop'>;

export interface KafkaBatchTransportOptions {
  kafka: Kafka;
  group: ConsumerGroup;
  /** The deployment's topic prefix (KAFKA_TOPIC_PREFIX), put before every handler's topic and the group id. */
  topicPrefix: string;
  log: LogSink;
  /** Builds the engine; a BatchConsumer unless a test gives a stand-in. */
  createConsumer?: (kafka: Kafka, options: BatchConsumerOptions, log: LogSink) => BatchConsumer;
}

/** `@EventPattern` extras naming the consumer group a handler belongs to. */
export interface ConsumerGroupExtras {
  consumerGroup: string;
}

/** Handed to a handler beside its batch (`@Ctx()`): the topic as its `@EventPattern` names it, without the prefix. */
export class KafkaBatchContext extends BaseRpcContext<[topic: string, partition: number]> {
  getTopic(): string {
    return this.args[0];
  }

  getPartition(): number {
    return this.args[1];
  }
}

/** A batch arrived from a topic no handler of the group names: a wiring fault, which no retry cures. */
export class NoBatchHandlerError extends Error {
  constructor(
    readonly group: string,
    readonly topic: string,
  ) {
    super(`consumer group ${group} received a batch of ${topic}, which none of its @EventPattern handlers names`);
    this.name = 'NoBatchHandlerError';
  }
}

export type KafkaBatchTransportStatus = 'connecting' | 'consuming' | 'failed' | 'stopped';

type FatalListener = (error: Error) => void;

/**
 * Nest's microservice transport for one Kafka consumer group, with BatchConsumer as its engine.
 *
 * Nest's own Kafka transport hands a handler one message at a time (the naive way measured 20–31×
 * slower here); this one hands each `@EventPattern` handler a whole partition batch, and keeps
 * every delivery rule of BatchConsumer: at-least-once with commits only after the handler
 * resolves, retries and bisection, dead letters with a reason, the stall watchdog, rebalances.
 * A handler's error reaches BatchConsumer as it was thrown (see `KafkaBatchController`), since
 * whether it is an outage or a poison message is read from the error itself.
 *
 * When the consumer cannot go on (kafkajs crashed for good, or a batch is stuck), the transport
 * reports it to its `on('fatal')` listeners; the service's bootstrap then closes the whole
 * application (app.close(): the other batches finish and commit, connections close) and exits non-zero.
 */
export class KafkaBatchTransport extends Server<{ fatal: FatalListener }, KafkaBatchTransportStatus> implements CustomTransportStrategy {
  // Handlers' failures come back to `dispatch`, which hands them to BatchConsumer: Nest must not also log them.
  override readonly propagatesEventHandlerErrors = true;
  private readonly fatalListeners: FatalListener[] = [];
  private consumer?: BatchConsumer;
  private failure?: Error;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
  }

  /** The group id as the broker knows it: the prefix, then the group's name. */
  get groupId(): string {
    return `${this.options.topicPrefix}${this.options.group.name}`;
  }

  /** The topics this group consumes, as the broker knows them, from its handlers' patterns. */
  get topics(): string[] {
    return [...this.messageHandlers.keys()].map((topic) => `${this.options.topicPrefix}${topic}`);
  }

  // Nest gives every connected transport every @EventPattern handler of the application; this
  // one keeps those of its own group (the all-in-one process runs two groups, one transport each).
  override addHandler(pattern: unknown, callback: Parameters<Server['addHandler']>[1], isEventHandler = false, extras: Record<string, unknown> = {}): void {
    if (extras.consumerGroup !== this.options.group.name) return;
    if (!isEventHandler) throw new Error(`${this.options.group.name}: @MessagePattern(${String(pattern)}) cannot consume a Kafka batch; use @EventPattern`);
    if (typeof pattern !== 'string') throw new Error(`${this.options.group.name}: a batch handler's pattern must be a topic name, got ${JSON.stringify(pattern)}`);
    if (this.messageHandlers.has(pattern)) throw new Error(`${this.options.group.name}: two handlers for ${pattern}; one topic has one handler`);
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const { kafka, group, log } = this.options;
    if (this.messageHandlers.size === 0) {
      throw new Error(`consumer group ${group.name} has no handlers: mark a method @EventPattern(topic, { consumerGroup: '${group.name}' }) in a controller of the application`);
    }
    this._status$.next('connecting');
    const create = this.options.createConsumer ?? ((k, o, l) => new BatchConsumer(k, o, l));
    const consumer = create(kafka, { ...group.consumerOptions(), groupId: this.groupId, topics: this.topics, onFatalError: (error) => this.fail(error) }, log);
    this.consumer = consumer;
    await group.beforeConsuming?.(consumer, this.groupId);
    await consumer.start((batch) => this.dispatch(batch));
    this._status$.next('consuming');
    log.log('consuming', { groupId: this.groupId, topics: this.topics });
  }

  /** Hands one partition's batch to the handler of its topic, and returns (or throws) what the handler did. */
  async dispatch(batch: ConsumedBatch): Promise<void> {
    const { topicPrefix, group } = this.options;
    const topic = batch.topic.startsWith(topicPrefix) ? batch.topic.slice(topicPrefix.length) : batch.topic;
    const handler = this.messageHandlers.get(topic);
    if (!handler) {
      // Retrying or dead-lettering would not help: the service is wired wrong. Nothing is committed.
      const error = new NoBatchHandlerError(group.name, batch.topic);
      this.fail(error);
      throw error;
    }
    const outcome: unknown = await handler(batch, new KafkaBatchContext([topic, batch.partition]));
    if (!isObservable(outcome)) return;
    // A handler's rejection comes back from Nest as a stream that errors with it.
    try {
      await lastValueFrom(outcome, { defaultValue: undefined });
    } catch (error) {
      throw asHandlerError(error, topic);
    }
  }

  /** Stops consuming: the batches in hand finish and commit, the member leaves the group, then the group's own resources close. */
  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    await consumer.stop();
    await this.options.group.afterConsuming?.();
    if (!this.failure) this._status$.next('stopped');
  }

  on<EventKey extends 'fatal'>(event: EventKey, callback: FatalListener): void {
    if (event !== 'fatal') throw new Error(`KafkaBatchTransport has no event ${String(event)}`);
    this.fatalListeners.push(callback);
    // A listener that comes late still hears of a failure that came first.
    if (this.failure) callback(this.failure);
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error(`consumer group ${this.options.group.name} is not consuming`);
    return this.consumer as T;
  }

  /** The first fatal error is reported once; what follows it is the same failure. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this._status$.next('failed');
    this.options.log.error('the Kafka consumer cannot go on; the service stops', { groupId: this.groupId, error: errorText(error) });
    for (const listener of this.fatalListeners) listener(error);
  }
}

// Without KafkaBatchController's filter, Nest replaces a handler's error by `{ status: 'error',
// message: 'Internal server error' }`: BatchConsumer could then neither tell an outage from a
// poison message nor report the cause, so that is turned into an error that says what is missing.
function asHandlerError(error: unknown, topic: string): unknown {
  if (error instanceof Error || typeof error !== 'object' || error === null || !('status' in error)) return error;
  return new Error(`the handler of ${topic} failed, and Nest hid its error: its controller must be a @KafkaBatchController() (${JSON.stringify(error)})`);
}
