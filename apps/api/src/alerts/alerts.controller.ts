import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { AlertDeliveriesQuery, AlertSubscriptionV1 } from '@frictionlens/contracts';
import { RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import type { AlertDeliveryResponse, AlertSubscriptionResponse } from './alerts.responses.js';
import { AlertsService } from './alerts.service.js';

const SubscriptionId = z.uuid('must be a subscription id');

/** Alert subscriptions and their delivery log. Changing needs `admin`, reading `metrics:read`. */
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post('subscriptions')
  @RequiresApiKey('admin')
  create(@Body(new ZodPipe(AlertSubscriptionV1)) body: AlertSubscriptionV1): Promise<AlertSubscriptionResponse & { secret: string }> {
    return this.alerts.create(body);
  }

  @Get('subscriptions')
  @RequiresApiKey('metrics:read')
  list(): Promise<AlertSubscriptionResponse[]> {
    return this.alerts.list();
  }

  @Get('subscriptions/:id')
  @RequiresApiKey('metrics:read')
  get(@Param('id', new ZodPipe(SubscriptionId, 'id')) id: string): Promise<AlertSubscriptionResponse> {
    return this.alerts.get(id);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @RequiresApiKey('admin')
  remove(@Param('id', new ZodPipe(SubscriptionId, 'id')) id: string): Promise<void> {
    return this.alerts.remove(id);
  }

  @Post('subscriptions/:id/test')
  @HttpCode(202)
  @RequiresApiKey('admin')
  test(@Param('id', new ZodPipe(SubscriptionId, 'id')) id: string): Promise<{ deliveryId: string }> {
    return this.alerts.test(id);
  }

  @Get('deliveries')
  @RequiresApiKey('metrics:read')
  deliveries(@Query(new ZodPipe(AlertDeliveriesQuery)) query: AlertDeliveriesQuery): Promise<AlertDeliveryResponse[]> {
    return this.alerts.deliveries(query);
  }
}
