import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LabelResponse, ReviewQueueResponse } from '@frictionlens/contracts';
import { ApiAnswer, ApiBodyFrom, ApiParamFrom, ApiQueryFrom, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { ContactId, LabelBody, ReviewQueueQuery } from './review.schemas.js';
import { ReviewService } from './review.service.js';

/** Reviewers' work: the queue of contacts the classifier was unsure of, and their corrections. */
@ApiTags('review')
@Controller('v1')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get('review-queue')
  @RequiresApiKey('admin')
  @ApiOperation({ summary: 'Contacts the classifier was unsure of and no reviewer has labelled, least certain first, a page at a time' })
  @ApiQueryFrom(ReviewQueueQuery)
  @ApiAnswer(ReviewQueueResponse)
  queue(@Query(new ZodPipe(ReviewQueueQuery)) query: ReviewQueueQuery): Promise<ReviewQueueResponse> {
    return this.review.queue(query);
  }

  @Post('contacts/:id/label')
  @HttpCode(200)
  @RequiresApiKey('admin')
  @ApiOperation({ summary: "A reviewer's label: the contact's category (it outranks the model and trains the next one), and whether it was not for here (failure demand of the type 'not-for-here')" })
  @ApiParamFrom('id', ContactId, 'The contact.')
  @ApiBodyFrom(LabelBody)
  @ApiAnswer(LabelResponse, { description: 'The label as stored: contactId, category, taxonomyVersion, notForHere, and previous (the category of the contact’s current model classification, or null).' })
  @ApiBadRequestResponse({ description: 'A field is not valid, or notForHere came without a category for a contact that has none to keep; `problems` names each field.' })
  label(@Param('id', new ZodPipe(ContactId, 'id')) contactId: string, @Body(new ZodPipe(LabelBody)) body: LabelBody): Promise<LabelResponse> {
    return this.review.label(contactId, body);
  }
}
