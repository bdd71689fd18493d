import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Topics, type ContactKind } from '@frictionlens/contracts';
import { customerHasher, normaliseContact } from '@frictionlens/domain';
import { ContactEntity, dataSourceOptions } from '@frictionlens/persistence';

// The baseline for `npm run bench:ingest`: how a NestJS user would usually write the consumer,
// with the framework's Kafka transport (one message at a time) and TypeORM `save()` per contact.
// It validates and redacts exactly like FrictionLens, so the comparison is about delivery and writes.

const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
const hashCustomer = customerHasher(process.env.CUSTOMER_HASH_KEY ?? 'naive-baseline-key-000');

@Controller()
class NaiveIngestController {
  constructor(@InjectRepository(ContactEntity) private readonly contacts: Repository<ContactEntity>) {}

  @EventPattern(`${prefix}${Topics.tickets}`)
  ticket(@Payload() event: unknown) {
    return this.store('ticket', event);
  }

  @EventPattern(`${prefix}${Topics.warrantyClaims}`)
  warrantyClaim(@Payload() event: unknown) {
    return this.store('warranty_claim', event);
  }

  @EventPattern(`${prefix}${Topics.complaints}`)
  complaint(@Payload() event: unknown) {
    return this.store('complaint', event);
  }

  private async store(kind: ContactKind, event: unknown): Promise<void> {
    const result = normaliseContact(kind, event, { now: new Date(), maxTextBytes: 65_536, maxFutureSkewMs: 86_400_000, hashCustomer });
    if (!result.ok) return;
    try {
      await this.contacts.save(this.contacts.create(result.contact));
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error; // a duplicate: already stored
    }
  }
}

@Module({
  imports: [TypeOrmModule.forRoot(dataSourceOptions(process.env.DATABASE_URL!)), TypeOrmModule.forFeature([ContactEntity])],
  controllers: [NaiveIngestController],
})
class NaiveIngestModule {}

const app = await NestFactory.createMicroservice<MicroserviceOptions>(NaiveIngestModule, {
  logger: ['error', 'warn'],
  transport: Transport.KAFKA,
  options: {
    client: { clientId: 'naive-ingest', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') },
    consumer: { groupId: `${prefix}naive-ingest` },
    subscribe: { fromBeginning: true },
  },
});
await app.listen();
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
