import type { AlertDelivery, AlertSubscription } from '@frictionlens/persistence';

/** A subscription as the API shows it: never its secret (that is answered once, on creation). */
export interface AlertSubscriptionResponse {
  id: string;
  kind: AlertSubscription['kind'];
  url?: string;
  to?: string;
  name: string | null;
  events: string[];
  sensitivity: AlertSubscription['sensitivity'];
  filters: AlertSubscription['filters'];
  createdAt: string;
}

export interface AlertDeliveryResponse {
  id: string;
  subscriptionId: string;
  event: string;
  alertStatus: string;
  dedupeKey: string;
  title: string;
  status: AlertDelivery['status'];
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

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
