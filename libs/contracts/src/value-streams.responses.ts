import { z } from 'zod';
import { answerDay, answerTime } from './api-shapes.js';
import { Channel } from './channel.js';
import { CountermeasureStatus } from './value-stream.v1.js';

/** A value-stream step as the API shows it. */
export const StepResponse = z.strictObject({
  key: z.string(),
  valueStream: z.string(),
  name: z.string(),
  order: z.number().int(),
  owner: z.string().nullable(),
  processTimeMinutes: z.number().nullable(),
  leadTimeHours: z.number().nullable(),
  targetCompleteAccurate: z.number().nullable(),
  unitName: z.string().nullable(),
  categories: z.array(z.strictObject({ category: z.string(), weight: z.number() })).describe('The categories whose friction originates (in part) at this step.'),
});
export type StepResponse = z.infer<typeof StepResponse>;

export const ValueStreamResponse = z.strictObject({
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  owner: z.string().nullable(),
  steps: z.array(StepResponse),
});
export type ValueStreamResponse = z.infer<typeof ValueStreamResponse>;

/** `GET /v1/value-streams`. */
export const ValueStreamList = z.array(ValueStreamResponse);
export type ValueStreamList = z.infer<typeof ValueStreamList>;

/** `POST /v1/value-streams/import`. */
export const ValueStreamImportResponse = z.strictObject({ valueStreams: z.number().int(), steps: z.number().int(), links: z.number().int() });
export type ValueStreamImportResponse = z.infer<typeof ValueStreamImportResponse>;

/** `PUT /v1/categories/{category}/steps`. */
export const CategoryStepsResponse = z.strictObject({
  category: z.string(),
  steps: z.array(z.strictObject({ step: z.string(), valueStream: z.string(), weight: z.number() })),
});
export type CategoryStepsResponse = z.infer<typeof CategoryStepsResponse>;

/** `PUT /v1/value-streams/steps/{step}/volumes`. */
export const StoredVolumesResponse = z.strictObject({ step: z.string(), stored: z.number().int() });
export type StoredVolumesResponse = z.infer<typeof StoredVolumesResponse>;

/** A line of a volumes file that was not stored, and why. */
export const VolumeRejection = z.strictObject({ line: z.number().int(), field: z.string(), problem: z.string() });
export type VolumeRejection = z.infer<typeof VolumeRejection>;

/** `POST /v1/value-streams/volumes.csv`. */
export const VolumesFileResponse = z.strictObject({ stored: z.number().int(), rejected: z.array(VolumeRejection) });
export type VolumesFileResponse = z.infer<typeof VolumesFileResponse>;

/** `GET /v1/value-streams/steps/{step}/volumes`. */
export const VolumesResponse = z.strictObject({
  step: z.string(),
  unitName: z.string().nullable(),
  from: answerDay.nullable(),
  to: answerDay.nullable(),
  volumes: z.array(z.strictObject({ day: answerDay, units: z.number() })),
});
export type VolumesResponse = z.infer<typeof VolumesResponse>;

/** What handling one contact costs on a channel. */
export const HandlingCostResponse = z.strictObject({ channel: Channel, costPerContact: z.number(), currency: z.string().describe('ISO 4217 code.') });
export type HandlingCostResponse = z.infer<typeof HandlingCostResponse>;

/** `GET /v1/handling-costs` and `PUT /v1/handling-costs`. */
export const HandlingCostsResponse = z.strictObject({ costs: z.array(HandlingCostResponse) });
export type HandlingCostsResponse = z.infer<typeof HandlingCostsResponse>;

/** Prevention work on a value-stream step. */
export const CountermeasureResponse = z.strictObject({
  id: z.number().int(),
  step: z.string(),
  valueStream: z.string(),
  categories: z.array(z.string()).describe('Categories it targets (empty: every category of the step).'),
  title: z.string(),
  description: z.string().nullable(),
  owner: z.string().nullable(),
  startedOn: answerDay,
  status: CountermeasureStatus,
  createdAt: answerTime,
});
export type CountermeasureResponse = z.infer<typeof CountermeasureResponse>;

export const CountermeasureList = z.array(CountermeasureResponse);
export type CountermeasureList = z.infer<typeof CountermeasureList>;
