import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { defaultPeriod } from '@frictionlens/domain';
import { ContactDrillDownRepository, type DrillDownContact } from '@frictionlens/persistence';
import type { ContactsRequest } from './contact-drill-down.schemas.js';
import type { ContactsResponse, DrillDownContactResponse } from './contact-drill-down.responses.js';
import { encodeCursor } from './drill-down-cursor.js';

/**
 * The contacts behind a figure, so the customers' own (redacted) words stay one click away from
 * every metric: the same contacts, filters and period the rollups count, newest first.
 */
@Injectable()
export class ContactDrillDownService {
  private readonly contacts: ContactDrillDownRepository;

  constructor(db: DataSource) {
    this.contacts = new ContactDrillDownRepository(db);
  }

  async page(query: ContactsRequest): Promise<ContactsResponse> {
    const { from, to } = defaultPeriod(query);
    const page = await this.contacts.page({
      from,
      to,
      valueStream: query.valueStream,
      step: query.step,
      category: query.category,
      channel: query.channel,
      kind: query.kind,
      product: query.product,
      source: query.source,
      failureType: query.failureType,
      demandType: query.demandType,
      limit: query.limit,
      after: query.after,
    });
    return { from, to, rows: page.contacts.map(toResponse), nextCursor: page.next ? encodeCursor(page.next) : null };
  }
}

function toResponse(contact: DrillDownContact): DrillDownContactResponse {
  return { ...contact, occurredAt: contact.occurredAt.toISOString() };
}
