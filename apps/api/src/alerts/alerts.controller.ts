import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AlertDeliveriesQuery, AlertDeliveryList, AlertSubscriptionCreated, AlertSubscriptionList, AlertSubscriptionResponse, AlertSubscriptionV1, AlertTestResponse } from '@frictionlens/contracts';
import { ApiAnswer, ApiBodyFrom, ApiParamFrom, ApiQueryFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
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
  @ApiBodyFrom(AlertSubscriptionV1)
  @ApiAnswer(AlertSubscriptionCreated, { status: 201 })
  create(@Body(new ZodPipe(AlertSubscriptionV1)) body: AlertSubscriptionV1): Promise<AlertSubscriptionCreated> {
    return this.alerts.create(body);
  }

  @Get('subscriptions')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'Alert subscriptions, oldest first (never their secrets)' })
  @ApiAnswer(AlertSubscriptionList)
  list(): Promise<AlertSubscriptionList> {
    return this.alerts.list();
  }

  @Get('subscriptions/:id')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'One alert subscription' })
  @ApiParamFrom('id', SubscriptionId, 'The subscription.')
  @ApiAnswer(AlertSubscriptionResponse)
  get(@Param('id', new ZodPipe(SubscriptionId, 'id')) id: string): Promise<AlertSubscriptionResponse> {
    return this.alerts.get(id);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Delete a subscription with its alert states and delivery log' })
  @ApiParamFrom('id', SubscriptionId, 'The subscription.')
  @ApiNoContentResponse({ description: 'Deleted.' })
  remove(@Param('id', new ZodPipe(SubscriptionId, 'id')) id: string): Promise<void> {
    return this.alerts.remove(id);
  }

  @Post('subscriptions/:id/test')
  @HttpCode(202)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Queue a test alert through the outbox and send it at once (202 with its deliveryId; the delivery log shows how it went)' })
  @ApiParamFrom('id', SubscriptionId, 'The subscription.')
  @ApiAnswer(AlertTestResponse, { status: 202 })
  test(@Param('id', new ZodPipe(SubscriptionId, 'id')) id: string): Promise<AlertTestResponse> {
    return this.alerts.test(id);
  }

  @Get('deliveries')
  @RequiresApiKey('metrics:read')
  @ApiOperation({ summary: 'The delivery log, newest first: each alert to each subscription with its status (pending, delivered, failed), attempts, next attempt and last error' })
  @ApiQueryFrom(AlertDeliveriesQuery)
  @ApiAnswer(AlertDeliveryList)
  deliveries(@Query(new ZodPipe(AlertDeliveriesQuery)) query: AlertDeliveriesQuery): Promise<AlertDeliveryList> {
    return this.alerts.deliveries(query);
  }
}
