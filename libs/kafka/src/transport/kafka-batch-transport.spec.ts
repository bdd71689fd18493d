import 'reflect-metadata';
import { jest } from '@jest/globals';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import type { BatchConsumer, BatchConsumerOptions, BatchHandler, ConsumedBatch } from '../batch-consumer.js';
import { silentLogSink } from '../kafka-client.js';
import { KafkaBatchController } from './kafka-batch-controller.js';
import { KafkaBatchContext, KafkaBatchTransport, NoBatchHandlerError, type ConsumerGroup } from './kafka-batch-transport.js';

// The transport inside a real Nest microservice, with a stand-in for BatchConsumer: what Nest
// registers, which handler a batch reaches, what comes back to BatchConsumer, and the fatal path.

const PREFIX = 'test.';
const seen: Array<{ handler: string; batch: ConsumedBatch; topic: string }> = [];
let failWith: Error | undefined;

@KafkaBatchController()
class TicketsAndComplaints {
  @EventPattern(['cx.tickets.v1', 'cx.complaints.v1'], { consumerGroup: 'frictionlens.ingest' })
  async store(@Payload() batch: ConsumedBatch, @Ctx() context: KafkaBatchContext): Promise<void> {
    if (failWith !== undefined) throw failWith;
    seen.push({ handler: 'store', batch, topic: context.getTopic() });
  }
}

@KafkaBatchController()
class Contacts {
  @EventPattern('cx.contacts.v1', { consumerGroup: 'frictionlens.classifier' })
  async classify(@Payload() batch: ConsumedBatch): Promise<void> {
    seen.push({ handler: 'classify', batch, topic: batch.topic });
  }
}

/** Without KafkaBatchController's filter: Nest hides what the handler threw. */
@Controller()
class Unfiltered {
  @EventPattern('cx.warranty-claims.v1', { consumerGroup: 'frictionlens.ingest' })
  async store(@Payload() batch: ConsumedBatch): Promise<void> {
    throw new Error(`the real cause, in ${batch.topic}`);
  }
}

@Module({ controllers: [TicketsAndComplaints, Contacts] })
class BatchesModule {}

@Module({ controllers: [TicketsAndComplaints, Unfiltered] })
class UnfilteredModule {}

@Module({})
class EmptyModule {}

/** What the transport asked of its engine. */
interface Engine {
  options?: BatchConsumerOptions;
  handler?: BatchHandler;
  calls: string[];
}

function aGroup(name: string, calls: string[]): ConsumerGroup {
  return {
    name,
    consumerOptions: () => ({ concurrency: 3 }),
    beforeConsuming: async (_consumer, groupId) => void calls.push(`beforeConsuming ${groupId}`),
    afterConsuming: async () => void calls.push('afterConsuming'),
  };
}

function aTransport(group: ConsumerGroup, engine: Engine): KafkaBatchTransport {
  return new KafkaBatchTransport({
    kafka: {} as Kafka,
    group,
    topicPrefix: PREFIX,
    log: silentLogSink,
    createConsumer: (_kafka, options) => {
      engine.options = options;
      return {
        start: async (handler: BatchHandler) => {
          engine.handler = handler;
          engine.calls.push('start');
        },
        stop: async () => void engine.calls.push('stop'),
      } as unknown as BatchConsumer;
    },
  });
}

const aBatch = (topic: string, partition = 0): ConsumedBatch => ({
  topic,
  partition,
  highWatermark: '1',
  heartbeat: async () => undefined,
  messages: [{ topic, partition, offset: '0', key: null, value: Buffer.from('{}'), headers: {}, timestamp: '0' }],
});

async function started(module: new () => unknown, groupName = 'frictionlens.ingest') {
  const engine: Engine = { calls: [] };
  const transport = aTransport(aGroup(groupName, engine.calls), engine);
  const app = await NestFactory.createMicroservice(module, { strategy: transport, logger: false });
  await app.listen();
  return { app, transport, engine };
}

describe('KafkaBatchTransport', () => {
  let app: INestMicroservice | undefined;
  beforeEach(() => {
    seen.length = 0;
    failWith = undefined;
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("subscribes its group to its own handlers' topics, prefixed, and joins after beforeConsuming", async () => {
    const run = await started(BatchesModule);
    app = run.app;
    expect(run.engine.options).toMatchObject({ groupId: 'test.frictionlens.ingest', topics: ['test.cx.tickets.v1', 'test.cx.complaints.v1'], concurrency: 3 });
    expect(run.engine.calls).toEqual(['beforeConsuming test.frictionlens.ingest', 'start']);
  });

  it('hands each whole batch to the handler of its topic, with the unprefixed topic in the context', async () => {
    const run = await started(BatchesModule);
    app = run.app;
    const complaints = aBatch('test.cx.complaints.v1', 4);
    await run.engine.handler!(complaints);
    await run.engine.handler!(aBatch('test.cx.tickets.v1'));
    expect(seen.map((s) => [s.handler, s.topic])).toEqual([
      ['store', 'cx.complaints.v1'],
      ['store', 'cx.tickets.v1'],
    ]);
    expect(seen[0]!.batch).toBe(complaints);
  });

  it("leaves another group's handlers to that group's transport", async () => {
    const run = await started(BatchesModule, 'frictionlens.classifier');
    app = run.app;
    expect(run.engine.options?.topics).toEqual(['test.cx.contacts.v1']);
    await run.engine.handler!(aBatch('test.cx.contacts.v1'));
    expect(seen.map((s) => s.handler)).toEqual(['classify']);
  });

  it("gives BatchConsumer the handler's own error, so an outage and a poison message stay apart", async () => {
    const run = await started(BatchesModule);
    app = run.app;
    failWith = Object.assign(new Error('could not serialize access'), { code: '40001' });
    await expect(run.engine.handler!(aBatch('test.cx.tickets.v1'))).rejects.toBe(failWith);
  });

  it('says what is missing when a controller without KafkaBatchController lets Nest hide the error', async () => {
    const run = await started(UnfilteredModule);
    app = run.app;
    await expect(run.engine.handler!(aBatch('test.cx.warranty-claims.v1'))).rejects.toThrow(/must be a @KafkaBatchController\(\)/);
  });

  it('treats a batch of a topic no handler names as fatal: nothing is committed and the service is told once', async () => {
    const run = await started(BatchesModule);
    app = run.app;
    const fatal = jest.fn();
    run.transport.on('fatal', fatal);
    const statuses: string[] = [];
    run.transport.status.subscribe((s) => statuses.push(s));
    await expect(run.engine.handler!(aBatch('test.cx.unknown.v1'))).rejects.toBeInstanceOf(NoBatchHandlerError);
    await expect(run.engine.handler!(aBatch('test.cx.unknown.v1'))).rejects.toThrow(/none of its @EventPattern handlers names/);
    expect(fatal).toHaveBeenCalledTimes(1);
    expect(statuses.at(-1)).toBe('failed');
    expect(seen).toEqual([]);
  });

  it("passes the engine's fatal error (a crash kafkajs will not restart from, a stuck batch) to every listener, late ones too", async () => {
    const run = await started(BatchesModule);
    app = run.app;
    const early = jest.fn();
    run.transport.on('fatal', early);
    const crash = new Error('KafkaJSNonRetriableError: the group coordinator went away for good');
    run.engine.options!.onFatalError!(crash);
    const late = jest.fn();
    run.transport.on('fatal', late);
    expect(early).toHaveBeenCalledWith(crash);
    expect(late).toHaveBeenCalledWith(crash);
  });

  it('on close, stops the consumer (the batch in hand commits) before the group closes what its handlers used', async () => {
    const run = await started(BatchesModule);
    await run.app.close();
    expect(run.engine.calls.slice(-2)).toEqual(['stop', 'afterConsuming']);
  });

  it('refuses to start a group that has no handler, saying how to declare one', async () => {
    const engine: Engine = { calls: [] };
    const empty = await NestFactory.createMicroservice(EmptyModule, { strategy: aTransport(aGroup('frictionlens.ingest', engine.calls), engine), logger: false });
    await expect(empty.listen()).rejects.toThrow(/consumer group frictionlens.ingest has no handlers: mark a method @EventPattern\(topic, \{ consumerGroup: 'frictionlens.ingest' \}\)/);
    expect(engine.calls).toEqual([]);
    await empty.close();
  });
});
