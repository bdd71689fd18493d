import { Module } from '@nestjs/common';
import { CustomerErasureService } from './customers/customer-erasure.service.js';
import { CustomersController } from './customers/customers.controller.js';
import { ModelsController } from './models/models.controller.js';
import { ModelsService } from './models/models.service.js';
import { ReviewController } from './review/review.controller.js';
import { ReviewService } from './review/review.service.js';
import { TaxonomyController } from './taxonomy/taxonomy.controller.js';
import { TaxonomyService } from './taxonomy/taxonomy.service.js';

@Module({
  controllers: [CustomersController, TaxonomyController, ReviewController, ModelsController],
  providers: [CustomerErasureService, TaxonomyService, ReviewService, ModelsService],
})
export class ApiModule {}
