import { z } from 'zod';
import { CountermeasureStatus, StepKey } from '@frictionlens/contracts';

/** A countermeasure id in a path: a positive whole number (PostgreSQL integer). */
export const CountermeasureId = z
  .string()
  .regex(/^[1-9][0-9]*$/, 'must be a positive whole number')
  .refine((v) => v.length < 10 || Number(v) <= 2_147_483_647, 'is too large')
  .transform(Number);

export const CountermeasuresQuery = z.object({
  step: StepKey.optional(),
  status: CountermeasureStatus.optional(),
});
export type CountermeasuresQuery = z.infer<typeof CountermeasuresQuery>;
