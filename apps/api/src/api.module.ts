import { Module } from '@nestjs/common';
import { CustomerErasureService } from './customers/customer-erasure.service.js';
import { CustomersController } from './customers/customers.controller.js';

@Module({
  controllers: [CustomersController],
  providers: [CustomerErasureService],
})
export class ApiModule {}
