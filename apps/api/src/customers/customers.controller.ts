import { Controller, Delete, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ErasureResponse } from '@frictionlens/contracts';
import { ApiAnswer, ApiParamFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { CustomerErasureService } from './customer-erasure.service.js';

const CustomerId = z.string().trim().min(1, 'must not be blank').max(512, 'must be at most 512 characters');

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly erasure: CustomerErasureService) {}

  /** Erases every contact of the customer with this id (the id the source systems send). */
  @Delete(':customerId/contacts')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Erase every contact of a customer (the right to erasure), found by the keyed hash of the id the source systems send' })
  @ApiParamFrom('customerId', CustomerId, "The customer's id in the source systems.")
  @ApiAnswer(ErasureResponse)
  erase(@Param('customerId', new ZodPipe(CustomerId, 'customerId')) customerId: string): Promise<ErasureResponse> {
    return this.erasure.erase(customerId);
  }
}
