import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** One invalid input, named so the caller can fix it: `{ field: 'from', problem: 'must be a date' }`. */
export interface FieldProblem {
  field: string;
  problem: string;
}

export function fieldProblems(error: z.ZodError, root?: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    problem: issue.message,
  }));
}

/**
 * Parses a request part with a zod schema (the Nest docs' validation pipe): the handler gets the
 * parsed value, the caller a 400 that names each bad field and says why.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly root?: string,
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw invalidRequest(fieldProblems(result.error, this.root));
  }
}

/**
 * The one shape of a 400 for bad input: ZodPipe's for what a schema sees, and a service's for what
 * only the service can see (a parent that does not exist, a category the taxonomy lacks, …).
 */
export function invalidRequest(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
    problems,
  });
}
