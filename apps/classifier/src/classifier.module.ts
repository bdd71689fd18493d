import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ClassificationModule } from './classification.module.js';
import { ClassifierBatchesController } from './classifier-batches.controller.js';
import { ClassifierConsumerGroup } from './classifier.consumer-group.js';
import { DiscoveryUpkeep } from './discovery/discovery-upkeep.js';
import { EmergingUpkeep } from './discovery/emerging-upkeep.js';
import { ModelUpkeep } from './model/model-upkeep.js';

/** The classifier service: ClassificationModule's work fed by its Kafka consumer group, and the upkeep that runs beside it. */
@Module({
  imports: [TerminusModule, ClassificationModule],
  controllers: [ClassifierBatchesController],
  providers: [ClassifierConsumerGroup, ModelUpkeep, DiscoveryUpkeep, EmergingUpkeep],
})
export class ClassifierModule {}
