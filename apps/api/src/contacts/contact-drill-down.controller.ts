import { Controller, Get, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContactsQuery, ContactsResponse } from '@frictionlens/contracts';
import { ApiQueryFrom, ApiRowsResponse, CsvResponseInterceptor, RequiresApiKey, ZodPipe } from '@frictionlens/platform';
import { ContactsRequest } from './contact-drill-down.schemas.js';
import { ContactDrillDownService } from './contact-drill-down.service.js';

// The part of Express's response this needs (the project does not depend on @types/express).
interface HttpResponse {
  setHeader(name: string, value: string): void;
}

/** From a figure to the contacts behind it: JSON, or CSV with `?format=csv` / `Accept: text/csv`. */
@ApiTags('metrics')
@Controller('v1/contacts')
@RequiresApiKey('metrics:read')
@UseInterceptors(CsvResponseInterceptor)
export class ContactDrillDownController {
  constructor(private readonly drillDown: ContactDrillDownService) {}

  @Get()
  @ApiOperation({
    summary: 'The contacts behind a figure, newest first',
    description:
      "The contacts the metrics count (classified or labelled), with the same filters and period; a reviewer's label outranks the model. " +
      '`step` and `valueStream` select the categories linked to those steps. Page with `cursor` = the previous `nextCursor` (also sent as the `x-next-cursor` header, for CSV).',
  })
  @ApiQueryFrom(ContactsQuery)
  @ApiRowsResponse('One page of contacts.', ContactsResponse)
  async list(@Query(new ZodPipe(ContactsRequest)) query: ContactsRequest, @Res({ passthrough: true }) response: HttpResponse): Promise<ContactsResponse> {
    const page = await this.drillDown.page(query);
    // A CSV answer carries only the rows, so the way on travels as a header too.
    if (page.nextCursor) response.setHeader('x-next-cursor', page.nextCursor);
    return page;
  }
}
