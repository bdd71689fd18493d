import { Injectable } from '@nestjs/common';
import { ContactDrillDownRepository, type DrillDownContact } from '@frictionlens/persistence';
import { MetricsAnswers } from '../metrics/metrics-cache.js';
import { filterOf } from '../metrics/metrics.service.js';
import type { ContactsRequest } from './contact-drill-down.schemas.js';
import type { ContactsResponse, DrillDownContactResponse } from './contact-drill-down.responses.js';
import { encodeCursor } from './drill-down-cursor.js';

/**
 * The contacts behind a figure, so the customers' own (redacted) words stay one click away from
 * every metric: the same contacts, filters and period the rollups count, newest first.
 */
@Injectable()
export class ContactDrillDownService {
  constructor(
    private readonly contacts: ContactDrillDownRepository,
    private readonly answers: MetricsAnswers,
  ) {}

  async page(query: ContactsRequest): Promise<ContactsResponse> {
    // The keys the metrics know, kept with the metrics answers (this page itself is never cached).
    await this.answers.keys.check(query);
    // The metrics' own filter, so the contacts listed are the ones a figure counted.
    const filter = filterOf(query);
    const { from, to } = filter;
    const page = await this.contacts.page({ ...filter, demandType: query.demandType, limit: query.limit, after: query.after });
    return { from, to, rows: page.contacts.map(toResponse), nextCursor: page.next ? encodeCursor(page.next) : null };
  }
}

function toResponse(contact: DrillDownContact): DrillDownContactResponse {
  return { ...contact, occurredAt: contact.occurredAt.toISOString() };
}
