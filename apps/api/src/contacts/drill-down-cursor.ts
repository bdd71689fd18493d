import { z } from 'zod';
import type { DrillDownPosition } from '@frictionlens/persistence';

const BIGINT_MAX = 9_223_372_036_854_775_807n;

// Opaque to callers: base64url of [occurred_at as PostgreSQL wrote it, contact id]. Both go back
// into SQL as parameters, so each must be a value PostgreSQL casts without error.
const Position = z.tuple([
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
    .refine((at) => !Number.isNaN(Date.parse(at)) && new Date(at).toISOString().slice(0, 19) === at.slice(0, 19)),
  z.string().regex(/^[1-9][0-9]{0,18}$/).refine((id) => BigInt(id) <= BIGINT_MAX),
]);

export function encodeCursor(position: DrillDownPosition): string {
  return Buffer.from(JSON.stringify([position.occurredAt, position.contactId]), 'utf8').toString('base64url');
}

/** The position a cursor stands for, or undefined when it is not one this API handed out. */
export function decodeCursor(cursor: string): DrillDownPosition | undefined {
  try {
    const parsed = Position.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { occurredAt: parsed.data[0], contactId: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}
