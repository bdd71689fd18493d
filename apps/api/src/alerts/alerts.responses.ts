import type { AlertDeliveryResponse, AlertSubscriptionResponse } from '@frictionlens/contracts';
import type { AlertDelivery, AlertSubscription } from '@frictionlens/persistence';

// The shapes are the zod schemas of libs/contracts (alerts.responses.ts); these map stored rows onto them.
export type { AlertDeliveryResponse, AlertSubscriptionResponse };

export function toSubscriptionResponse(s: AlertSubscription): AlertSubscriptionResponse {
  return {
    id: s.id,
    kind: s.kind,
    ...(s.kind === 'email' ? { to: s.target } : { url: s.target }),
    name: s.name,
    events: s.events,
    sensitivity: s.sensitivity,
    filters: s.filters,
    createdAt: s.createdAt.toISOString(),
  };
}

export function toDeliveryResponse(d: AlertDelivery): AlertDeliveryResponse {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    event: d.event,
    alertStatus: d.alertStatus,
    dedupeKey: d.dedupeKey,
    title: typeof d.alert.title === 'string' ? d.alert.title : '',
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    lastResponseStatus: d.lastResponseStatus,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}
