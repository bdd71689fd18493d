import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HandlingCostsResponse, HandlingCostsV1 } from '@frictionlens/contracts';
import { ApiAnswer, ApiBodyFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { HandlingCostsService } from './handling-costs.service.js';

/** What handling one contact costs per channel. Reading needs `metrics:read`, changing `admin`. */
@ApiTags('value-streams')
@Controller('v1/handling-costs')
export class HandlingCostsController {
  constructor(private readonly costs: HandlingCostsService) {}

  @Get()
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'What handling one contact costs, per channel' })
  @ApiAnswer(HandlingCostsResponse)
  list(): Promise<HandlingCostsResponse> {
    return this.costs.list();
  }

  @Put()
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Set the handling cost of each channel (channels left out keep none)' })
  @ApiBodyFrom(HandlingCostsV1)
  @ApiAnswer(HandlingCostsResponse)
  put(@Body(new ZodPipe(HandlingCostsV1)) body: HandlingCostsV1): Promise<HandlingCostsResponse> {
    return this.costs.put(body);
  }
}
