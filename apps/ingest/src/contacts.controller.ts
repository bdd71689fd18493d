import { BadRequestException, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ComplaintV1, ContactKind, IngestResponse, TicketV1, WarrantyClaimV1 } from '@frictionlens/contracts';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiBodyFrom, ApiParamFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { IngestService } from './ingest.service.js';

export const MAX_EVENTS_PER_REQUEST = 1_000;

const EventsBody = z
  .union([z.record(z.string(), z.unknown()), z.array(z.unknown()).min(1, 'must hold at least one event')])
  .transform((body) => (Array.isArray(body) ? body : [body]))
  .pipe(z.array(z.unknown()).max(MAX_EVENTS_PER_REQUEST, `must hold at most ${MAX_EVENTS_PER_REQUEST} events; split larger uploads or use npm run import`));

// What the document shows a caller may send: an event of the path's kind, or an array of them.
// The handler itself takes any JSON and rejects each event on its own, so that one bad event of an
// upload does not refuse the others.
const OneEvent = z.union([TicketV1, WarrantyClaimV1, ComplaintV1]);
const DocumentedEventsBody = z.union([OneEvent, z.array(OneEvent).min(1).max(MAX_EVENTS_PER_REQUEST)]);

/**
 * Webhook and bulk ingest over HTTP: the same validation, redaction and idempotent write as the
 * Kafka consumer. Valid events are stored even when others in the request are rejected.
 */
@ApiTags('ingest')
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly ingest: IngestService) {}

  @Post(':kind')
  @HttpCode(200)
  @RequiresApiKey('ingest:write')
  @ApiOperation({ summary: 'Ingest tickets, warranty claims or complaints', description: `One event or an array of at most ${MAX_EVENTS_PER_REQUEST}, validated, redacted and stored idempotently as on Kafka; 400 when every event is rejected.` })
  @ApiParamFrom('kind', ContactKind, 'What the events are: ticket, warranty_claim or complaint.')
  @ApiBodyFrom(DocumentedEventsBody)
  @ApiAnswer(IngestResponse)
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
