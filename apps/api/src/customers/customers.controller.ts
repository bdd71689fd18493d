import { Controller, Delete, Param } from '@nestjs/common';
import { z } from 'zod';
import { RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { CustomerErasureService, type ErasureResult } from './customer-erasure.service.js';

const CustomerId = z.string().trim().min(1, 'must not be blank').max(512, 'must be at most 512 characters');

@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly erasure: CustomerErasureService) {}

  /** Erases every contact of the customer with this id (the id the source systems send). */
  @Delete(':customerId/contacts')
  @RequiresApiKey('admin')
  erase(@Param('customerId', new ZodPipe(CustomerId, 'customerId')) customerId: string): Promise<ErasureResult> {
    return this.erasure.erase(customerId);
  }
}
