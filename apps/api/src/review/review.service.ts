import { Injectable, NotFoundException } from '@nestjs/common';
import type { LabelResponse, ReviewItem as ReviewItemResponse, ReviewQueueResponse } from '@frictionlens/contracts';
import { defaultPeriod } from '@frictionlens/domain';
import { ContactLabelRepository, ReviewQueueRepository, TaxonomyRepository, type ReviewItem } from '@frictionlens/persistence';
import { invalidRequest } from '@frictionlens/platform';
import { encodeCursor } from './review-queue-cursor.js';
import type { LabelBody, ReviewQueueQuery } from './review.schemas.js';

/**
 * The review queue: contacts the classifier was not sure of, for a reviewer to label. A label
 * outranks the model's classification and becomes a training example for the next model.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly queueRepository: ReviewQueueRepository,
    private readonly labels: ContactLabelRepository,
    private readonly taxonomy: TaxonomyRepository,
  ) {}

  async queue(query: ReviewQueueQuery): Promise<ReviewQueueResponse> {
    // A period as the metrics take it (one bound alone is completed as they complete it); none at all, the whole queue.
    const period = query.from !== undefined || query.to !== undefined ? defaultPeriod({ from: query.from, to: query.to }) : undefined;
    const page = await this.queueRepository.page({ limit: query.limit, after: query.cursor, below: query.below, period });
    return { items: page.items.map(toResponse), nextCursor: page.next ? encodeCursor(page.next) : null };
  }

  /**
   * Stores (or replaces) the contact's label against the current taxonomy version. A label that
   * only says "not for here" keeps the category the contact has.
   */
  async label(contactId: string, body: LabelBody): Promise<LabelResponse> {
    const current = await this.taxonomy.currentVersion();
    if (!current) throw invalidRequest([{ field: 'category', problem: 'no taxonomy has been imported yet, so there is nothing to label with' }]);
    const category = body.category ?? (await this.categoryToKeep(contactId));
    if (!current.categories.some((c) => c.key === category)) {
      const problem =
        body.category === undefined
          ? `is required: the contact's category '${category}' is not a category of the current taxonomy (version ${current.id}) to keep`
          : `'${category}' is not a category of the current taxonomy (version ${current.id})`;
      throw invalidRequest([{ field: 'category', problem }]);
    }
    const stored = await this.labels.upsert({ contactId, categoryKey: category, taxonomyVersionId: current.id, notForHere: body.notForHere, reviewer: body.reviewer ?? null });
    if (!stored) throw new NotFoundException(`contact ${contactId} does not exist`);
    return {
      contactId: stored.contactId,
      category: stored.categoryKey,
      taxonomyVersion: stored.taxonomyVersionId,
      notForHere: stored.notForHere,
      previous: stored.modelCategory,
    };
  }

  private async categoryToKeep(contactId: string): Promise<string> {
    const category = await this.labels.categoryToKeep(contactId);
    if (category === undefined) throw new NotFoundException(`contact ${contactId} does not exist`);
    if (category === null) throw invalidRequest([{ field: 'category', problem: 'is required: the contact has no category to keep (it is unclassified, or not classified yet)' }]);
    return category;
  }
}

function toResponse(item: ReviewItem): ReviewItemResponse {
  return {
    ...item,
    occurredAt: item.occurredAt.toISOString(),
    classification: { ...item.classification, classifiedAt: item.classification.classifiedAt.toISOString() },
  };
}
