import { BadRequestException } from '@nestjs/common';
import type { FieldProblem } from '@frictionlens/platform';

/** A 400 shaped like ZodPipe's, for what only the service can see (a parent that does not exist, …). */
export function invalidRequest(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
    problems,
  });
}
