import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AlertDeliveriesQuery, AlertSubscriptionV1 } from '@frictionlens/contracts';
import { ApiParamFrom, ApiQueryFrom, openApiSchemaOf, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import type { AlertDeliveryResponse, AlertSubscriptionResponse } from './alerts.responses.js';
import { AlertsService } from './alerts.service.js';

const SubscriptionId = z.uuid('must be a subscription id');

/** Alert subscriptions and their delivery log. Changing needs `admin`, reading `metrics:read`. */
@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post('subscriptions')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Subscribe a webhook (generic JSON, Slack or Teams) or an e-mail address to spikes, emerging themes, verdict changes or the weekly digest; the answer carries the signing secret, shown only this once (docs/alerts.md)' })
  @ApiBody({ schema: openApiSchemaOf(AlertSubscriptionV1, 'input') })
  create(@Body(new ZodPipe(AlertSubscriptionV1)) body: AlertSubscriptionV1): Promise<AlertSubscriptionResponse & { secret: string }> {
    return this.alerts.create(body);
  }

  @Get('subscriptions')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'Alert subscriptions, oldest first (never their secrets)' })
  list(): Promise<AlertSubscriptionResponse[]> {
    return this.alerts.list();
  }

  @Get('subscriptions/:id')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'One alert subscription' })
  @ApiParamFrom('id', SubscriptionId, 'The subscription.')
  get(@Param('id', new ZodPipe(SubscriptionId, 'id')) id: string): Promise<AlertSubscriptionResponse> {
    return this.alerts.get(id);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Delete a subscription with its alert states and delivery log' })
  @ApiParamFrom('id', SubscriptionId, 'The subscription.')
  remove(@Param('id', new ZodPipe(SubscriptionId, 'id')) id: string): Promise<void> {
    return this.alerts.remove(id);
  }

  @Post('subscriptions/:id/test')
  @HttpCode(202)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Queue a test alert through the outbox and send it at once (202 with its deliveryId; the delivery log shows how it went)' })
  @ApiParamFrom('id', SubscriptionId, 'The subscription.')
  test(@Param('id', new ZodPipe(SubscriptionId, 'id')) id: string): Promise<{ deliveryId: string }> {
    return this.alerts.test(id);
  }

  @Get('deliveries')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'The delivery log, newest first: each alert to each subscription with its status (pending, delivered, failed), attempts, next attempt and last error' })
  @ApiQueryFrom(AlertDeliveriesQuery)
  deliveries(@Query(new ZodPipe(AlertDeliveriesQuery)) query: AlertDeliveriesQuery): Promise<AlertDeliveryResponse[]> {
    return this.alerts.deliveries(query);
  }
}
