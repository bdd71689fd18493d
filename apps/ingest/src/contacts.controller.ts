import { BadRequestException, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ContactKind } from '@frictionlens/contracts';
import { RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { IngestService } from './ingest.service.js';

export const MAX_EVENTS_PER_REQUEST = 1_000;

const EventsBody = z
  .union([z.record(z.string(), z.unknown()), z.array(z.unknown()).min(1, 'must hold at least one event')])
  .transform((body) => (Array.isArray(body) ? body : [body]))
  .pipe(z.array(z.unknown()).max(MAX_EVENTS_PER_REQUEST, `must hold at most ${MAX_EVENTS_PER_REQUEST} events; split larger uploads or use npm run import`));

export interface IngestResponse {
  stored: number;
  duplicates: number;
  rejected: number;
  contacts: Array<{ index: number; contactId: string }>;
  rejections: Array<{ index: number; code: string; field?: string; problem: string; expected?: string }>;
}

/**
 * Webhook and bulk ingest over HTTP: the same validation, redaction and idempotent write as the
 * Kafka consumer. Valid events are stored even when others in the request are rejected.
 */
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly ingest: IngestService) {}

  @Post(':kind')
  @HttpCode(200)
  @RequiresApiKey('ingest:write')
  async receive(
    @Param('kind', new ZodPipe(ContactKind, 'kind')) kind: ContactKind,
    @Body(new ZodPipe(EventsBody)) events: unknown[],
  ): Promise<IngestResponse> {
    const result = await this.ingest.ingest(events.map((value) => ({ kind, value })), 'http');
    const rejections = result.rejected.map(({ index, rejection }) => ({ index, ...rejection }));
    if (rejections.length === events.length) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: rejections.map((r) => `event ${r.index}: ${r.field ? `${r.field}: ` : ''}${r.problem}`).join('; '),
        rejections,
      });
    }
    const contacts = result.accepted.map(({ index, contact }) => ({ index, contactId: contact.id }));
    return { stored: result.inserted, duplicates: result.duplicates, rejected: rejections.length, contacts, rejections };
  }
}
