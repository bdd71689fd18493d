import { workerData } from 'piscina';
import { customerHasher } from '@frictionlens/domain';
import { normaliseEvents, type IncomingEvent, type NormaliseOutcome } from './normalise-events.js';

export interface NormaliseWorkerData {
  maxTextBytes: number;
  maxFutureSkewMs: number;
  customerHashKey: string;
}

export interface NormaliseTask {
  events: IncomingEvent[];
  /** The batch's processing time (epoch ms), so every thread judges "future" dates alike. */
  now: number;
}

const settings = workerData as NormaliseWorkerData;
const hashCustomer = customerHasher(settings.customerHashKey);

export default function normaliseTask(task: NormaliseTask): NormaliseOutcome[] {
  return normaliseEvents(task.events, {
    now: new Date(task.now),
    maxTextBytes: settings.maxTextBytes,
    maxFutureSkewMs: settings.maxFutureSkewMs,
    hashCustomer,
  });
}
