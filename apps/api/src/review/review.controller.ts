import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { ContactId, LabelBody, ReviewQueueQuery } from './review.schemas.js';
import { ReviewService, type LabelResponse, type ReviewQueueResponse } from './review.service.js';

/** Reviewers' work: the queue of contacts the classifier was unsure of, and their corrections. */
@Controller('v1')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get('review-queue')
  @RequiresApiKey('admin')
  queue(@Query(new ZodPipe(ReviewQueueQuery)) query: ReviewQueueQuery): Promise<ReviewQueueResponse> {
    return this.review.queue(query);
  }

  @Post('contacts/:id/label')
  @HttpCode(200)
  @RequiresApiKey('admin')
  label(@Param('id', new ZodPipe(ContactId, 'id')) contactId: string, @Body(new ZodPipe(LabelBody)) body: LabelBody): Promise<LabelResponse> {
    return this.review.label(contactId, body);
  }
}
