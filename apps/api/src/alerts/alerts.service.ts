import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AlertDeliveriesQuery, AlertSubscriptionV1 } from '@frictionlens/contracts';
import { newSigningSecret, testAlert, webhookUrlProblem } from '@frictionlens/domain';
import { AlertRepository } from '@frictionlens/persistence';
import { invalidRequest } from '@frictionlens/platform';
import { AlertDispatcher } from './alert-dispatcher.js';
import { toDeliveryResponse, toSubscriptionResponse, type AlertDeliveryResponse, type AlertSubscriptionResponse } from './alerts.responses.js';

/** Alert subscriptions, test alerts and the delivery log (docs/alerts.md). */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly dispatcher: AlertDispatcher,
  ) {}

  /** Creates a subscription; its signing secret is in this answer and never again. */
  async create(body: AlertSubscriptionV1): Promise<AlertSubscriptionResponse & { secret: string }> {
    const target = body.kind === 'email' ? body.to! : body.url!;
    const problem = body.kind === 'email' ? undefined : webhookUrlProblem(target);
    if (problem) throw invalidRequest([{ field: 'url', problem }]);
    const secret = newSigningSecret();
    const created = await this.alerts.createSubscription({
      id: randomUUID(),
      kind: body.kind,
      target,
      name: body.name ?? null,
      events: body.events,
      sensitivity: body.sensitivity,
      filters: body.filters,
      secret: this.dispatcher.secrets.seal(secret),
    });
    return { ...toSubscriptionResponse(created), secret };
  }

  async list(): Promise<AlertSubscriptionResponse[]> {
    return (await this.alerts.subscriptions()).map(toSubscriptionResponse);
  }

  async get(id: string): Promise<AlertSubscriptionResponse> {
    const found = await this.alerts.subscription(id);
    if (!found) throw notFound(id);
    return toSubscriptionResponse(found);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.alerts.deleteSubscription(id))) throw notFound(id);
  }

  /** Queues a test alert through the same outbox as real ones and sends it at once. */
  async test(id: string): Promise<{ deliveryId: string }> {
    if (!(await this.alerts.subscription(id))) throw notFound(id);
    const alert = testAlert(new Date());
    const deliveryId = randomUUID();
    await this.alerts.enqueue([{ id: deliveryId, subscriptionId: id, event: alert.event, alertStatus: alert.status, dedupeKey: alert.dedupeKey, alert: { ...alert } }]);
    this.dispatcher.nudge();
    return { deliveryId };
  }

  async deliveries(query: AlertDeliveriesQuery): Promise<AlertDeliveryResponse[]> {
    return (await this.alerts.deliveries({ subscriptionId: query.subscription, status: query.status, limit: query.limit })).map(toDeliveryResponse);
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`alert subscription ${id} does not exist (GET /v1/alerts/subscriptions lists them)`);
}
