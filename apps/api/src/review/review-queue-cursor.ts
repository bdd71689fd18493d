import { z } from 'zod';
import type { ReviewQueuePosition } from '@frictionlens/persistence';

const BIGINT_MAX = 9_223_372_036_854_775_807n;

// Opaque to callers: base64url of [confidence as PostgreSQL wrote it, contact id]. Both go back
// into SQL as parameters, so each must be a value PostgreSQL casts without error.
const Position = z.tuple([
  z.string().regex(/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d{1,2})?$/i),
  z.string().regex(/^[1-9][0-9]{0,18}$/).refine((id) => BigInt(id) <= BIGINT_MAX),
]);

export function encodeCursor(position: ReviewQueuePosition): string {
  return Buffer.from(JSON.stringify([position.confidence, position.contactId]), 'utf8').toString('base64url');
}

/** The position a cursor stands for, or undefined when it is not one this API handed out. */
export function decodeCursor(cursor: string): ReviewQueuePosition | undefined {
  try {
    const parsed = Position.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { confidence: parsed.data[0], contactId: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}
