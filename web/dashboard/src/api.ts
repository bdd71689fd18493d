// The public /v1 API, as any BI tool reads it: every request carries the API key as x-api-key.
// Field names follow docs/metrics.md, docs/value-streams.md and docs/taxonomy.md.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let apiKey: string | null = null;
let onUnauthorised: (error: ApiError) => void = () => undefined;

export function useApiKey(key: string | null): void {
  apiKey = key;
}

export function whenUnauthorised(handler: (error: ApiError) => void): void {
  onUnauthorised = handler;
}

/** GET, POST, PUT or DELETE a /v1 path; a failed request throws an ApiError carrying the API's own message. */
export async function api<T>(path: string, init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (apiKey) headers['x-api-key'] = apiKey;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  } catch (error) {
    throw new ApiError(0, `the API did not answer (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) {
    const error = new ApiError(response.status, `${response.status} ${response.statusText}: ${await messageOf(response)}`);
    if (response.status === 401) onUnauthorised(error);
    throw error;
  }
  // 204 No Content (a DELETE) has no body to read.
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function messageOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { message?: string | string[] };
    if (Array.isArray(body.message)) return body.message.join('; ');
    if (body.message) return body.message;
  } catch {
    // not JSON: show what came
  }
  return text.slice(0, 300) || 'no message';
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface FailureDemandRow {
  period: string;
  /** The period is cut by from or to (a week from a Sunday holds one day). */
  partial?: boolean;
  group?: string;
  contacts: number;
  failureContacts: number;
  valueContacts: number;
  unclassifiedContacts: number;
  failureDemandRatio: number | null;
  failureDemandRatioLow: number;
  failureDemandRatioHigh: number;
  /** The share of all contacts corrected for classifier error, with its interval; null when not computable. */
  adjustedFailureDemandRatio: number | null;
  adjustedFailureDemandRatioLow: number | null;
  adjustedFailureDemandRatioHigh: number | null;
}
/** The model version whose held-out figures correct the share (docs/metrics.md). */
export interface FailureDemandModel {
  version: number;
  kind: string;
  trainedAt: string;
  tpr: number | null;
  fpr: number | null;
  heldOutFailure: number | null;
  heldOutValue: number | null;
}
export interface FailureDemandResponse {
  from: string;
  to: string;
  interval: 'day' | 'week' | 'month';
  groupBy: string | null;
  model: FailureDemandModel | null;
  rows: FailureDemandRow[];
}

export interface StepRow {
  valueStream: string;
  valueStreamName: string;
  step: string;
  stepName: string;
  units: number | null;
  /** Failure contacts per million units, with its Poisson interval; null without units. */
  failuresPerMillionUnits?: number | null;
  failuresPerMillionUnitsLow?: number | null;
  failuresPerMillionUnitsHigh?: number | null;
  contacts: number;
  failureContacts: number;
  failureShare: number | null;
  failureShareLow: number;
  failureShareHigh: number;
  frictionRatePer1000: number | null;
  frictionRatePer1000Low: number | null;
  frictionRatePer1000High: number | null;
  observedCompleteAccurate: number | null;
  observedCompleteAccurateLow: number | null;
  observedCompleteAccurateHigh: number | null;
  targetCompleteAccurate: number | null;
  change: number | null;
  changeLow: number | null;
  changeHigh: number | null;
  topCategories: Array<{ category: string; failureContacts: number }>;
  /** The step's failure demand by failure type (null: no type), largest first, each share with its 95% Wilson interval. */
  failureTypes: FailureTypeShare[];
  /** Where the mix points (mostly progress chasing: lead time, …), or null. */
  hint: string | null;
  /** The step's contacts that repeat an earlier one (same customer, same category or step, within the window), with the rate's 95% Wilson interval. */
  repeatContacts: number;
  repeatRate: number | null;
  repeatRateLow: number;
  repeatRateHigh: number;
  /** Asked for with customers=true: distinct customers behind the step's contacts and failure contacts. */
  customers?: number;
  failureCustomers?: number;
}
/** What a metrics answer reflects: the versions and settings its figures were counted with. */
export interface Reflects {
  taxonomyVersion: number | null;
  valueStreamVersion: number;
  valueStreamChangedAt: string;
  repeatWindowDays: number;
}
export interface FailureTypeShare {
  failureType: string | null;
  failureContacts: number;
  share: number;
  shareLow: number;
  shareHigh: number;
}
export interface StepsResponse {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  failureContacts: number;
  failureContactsAtNoStep: number;
  rows: StepRow[];
  reflects: Reflects;
}

export interface ParetoRow {
  step?: string;
  category?: string;
  failureType?: string | null;
  count: number;
  share: number;
  cumulativeShare: number;
  vital: boolean;
  repeatContacts: number;
  repeatRate: number | null;
  repeatRateLow: number;
  repeatRateHigh: number;
}
export interface ParetoResponse {
  from: string;
  to: string;
  by: 'step' | 'category' | 'failureType';
  rows: ParetoRow[];
}

/** `GET /v1/metrics/cost` (docs/metrics.md). */
export interface CostChannel {
  channel: string;
  failureContacts: number;
  cost: number | null;
}
export interface AnnualCost {
  costPerYear: number;
  costPerYearLow: number;
  costPerYearHigh: number;
}
export interface CostRow extends AnnualCost {
  step?: string | null;
  category?: string;
  failureType?: string | null;
  failureContacts: number;
  cost: number;
  currency: string | null;
  uncostedContacts: number;
  previousCost: number;
  channels: CostChannel[];
}
export interface CostResponse {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  days: number;
  by: 'step' | 'category' | 'failureType';
  totalCost: number;
  totalCostPerYear: number;
  totalCostPerYearLow: number;
  totalCostPerYearHigh: number;
  currency: string | null;
  uncostedChannels: string[];
  channels: Array<CostChannel & AnnualCost>;
  rows: CostRow[];
  /** With `interval`. */
  interval?: 'day' | 'week' | 'month';
  /** With `interval`: every key of `rows` in every period, period by period. */
  series?: CostPoint[];
}
/** One key's cost in one period (`GET /v1/metrics/cost?interval=`). */
export interface CostPoint {
  period: string;
  partial: boolean;
  step?: string | null;
  category?: string;
  failureType?: string | null;
  failureContacts: number;
  cost: number;
  costLow: number;
  costHigh: number;
  uncostedContacts: number;
}

export interface SpikeRow {
  step?: string | null;
  category?: string;
  period: string;
  count: number;
  baseline: number;
  zScore: number;
  pValue: number;
}
export interface SpikesResponse {
  from: string;
  to: string;
  by: 'step' | 'category';
  interval: 'day' | 'week';
  baselinePeriods: number;
  alpha: number;
  rows: SpikeRow[];
}

export interface WindowRates {
  count: number;
  weeks: number;
  units: number | null;
  perWeek: number | null;
  perWeekLow: number | null;
  perWeekHigh: number | null;
  per1000Units: number | null;
  per1000UnitsLow: number | null;
  per1000UnitsHigh: number | null;
}
export interface ImpactResponse {
  countermeasure: { id: number; title: string; step: string; categories: string[]; startedOn: string; status: string };
  beforeFrom: string;
  afterTo: string;
  before: WindowRates;
  after: WindowRates;
  /** 'units': the ratio is per 1,000 units handled; 'weeks': per week (a window has no volumes). */
  basis: 'units' | 'weeks';
  rateRatio: number | null;
  rateRatioLow: number | null;
  rateRatioHigh: number | null;
  verdict: 'reduced' | 'increased' | 'no clear change' | 'too little data';
  summary: string;
}

export interface Countermeasure {
  id: number;
  step: string;
  valueStream: string;
  categories: string[];
  title: string;
  description: string | null;
  owner: string | null;
  startedOn: string;
  status: string;
}

export interface ValueStream {
  key: string;
  name: string;
  description: string | null;
  owner: string | null;
  steps: Array<{
    key: string;
    valueStream: string;
    name: string;
    order: number;
    owner: string | null;
    targetCompleteAccurate: number | null;
    unitName: string | null;
    categories: Array<{ category: string; weight: number }>;
  }>;
}

export interface Explanation {
  decidedBy?: string;
  terms?: Array<{ term: string; weight: number }>;
  rule?: string;
}

export interface DrillDownContact {
  contactId: string;
  occurredAt: string;
  kind: string;
  channel: string | null;
  productSku: string | null;
  source: string;
  text: string;
  category: string;
  demandType: 'failure' | 'value' | 'unclassified';
  confidence: number | null;
  top: Array<{ category: string; probability: number }>;
  explanation: Explanation | null;
  labelled: boolean;
  modelVersion: number | null;
}
export interface ContactsResponse {
  from: string;
  to: string;
  rows: DrillDownContact[];
  nextCursor: string | null;
}

export interface ReviewItem {
  contactId: string;
  kind: string;
  channel: string | null;
  occurredAt: string;
  text: string;
  classification: {
    category: string;
    confidence: number;
    top: Array<{ category: string; probability: number }>;
    explanation: Explanation | null;
    modelVersion: number;
  };
}
export interface ReviewQueueResponse {
  items: ReviewItem[];
  nextCursor: string | null;
}
/** `POST /v1/contacts/{id}/label`: without a category, notForHere keeps the contact's own. */
export interface LabelRequest {
  category?: string;
  notForHere?: boolean;
  reviewer?: string;
}
export interface LabelResponse {
  contactId: string;
  category: string;
  taxonomyVersion: number;
  /** Sent to the wrong place: failure demand of the failure type 'not-for-here'. */
  notForHere: boolean;
  previous: string | null;
}

export interface TaxonomyCategory {
  key: string;
  name: string;
  demandType: 'failure' | 'value';
  parent: string | null;
}
export interface FailureType {
  key: string;
  name: string;
  description: string | null;
}
export interface TaxonomyResponse {
  version: number;
  failureTypes?: FailureType[];
  categories: TaxonomyCategory[];
}
