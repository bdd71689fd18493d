import { Body, Controller, Get, Put } from '@nestjs/common';
import { HandlingCostsV1 } from '@frictionlens/contracts';
import { RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { HandlingCostsService } from './handling-costs.service.js';
import type { HandlingCostsResponse } from './value-streams.responses.js';

/** What handling one contact costs per channel. Reading needs `metrics:read`, changing `admin`. */
@Controller('v1/handling-costs')
export class HandlingCostsController {
  constructor(private readonly costs: HandlingCostsService) {}

  @Get()
  @RequiresApiKey('metrics:read')
  list(): Promise<HandlingCostsResponse> {
    return this.costs.list();
  }

  @Put()
  @RequiresApiKey('admin')
  put(@Body(new ZodPipe(HandlingCostsV1)) body: HandlingCostsV1): Promise<HandlingCostsResponse> {
    return this.costs.put(body);
  }
}
