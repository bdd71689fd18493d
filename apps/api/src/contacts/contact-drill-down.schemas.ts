import type { z } from 'zod';
import { ContactsQuery } from '@frictionlens/contracts';
import { decodeCursor } from './drill-down-cursor.js';

/** `GET /v1/contacts` as the handler gets it: the query, with the cursor turned into the position it stands for. */
export const ContactsRequest = ContactsQuery.transform((query, ctx) => {
  const { cursor, ...rest } = query;
  if (cursor === undefined) return { ...rest, after: undefined };
  const after = decodeCursor(cursor);
  if (!after) ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'is not a cursor this API gave (pass nextCursor from the previous page as it is)' });
  return { ...rest, after };
});
export type ContactsRequest = z.infer<typeof ContactsRequest>;
