import { addDays, dayOfYear, mondayOf, weekdayOf } from './calendar.js';
import { Prng, WeightedPicker } from './prng.js';

/**
 * The digital bank's year, as a story a first-time user can read off the dashboard:
 * - failure demand is well over half of all contacts, led by customers chasing their new cards;
 * - fifteen weeks ago card operations started sending a tracking link with every card, and the
 *   card-delivery step's failure demand fell by about 45% from that week on;
 * - five weeks ago a three-day card-authorisation outage made declined card payments spike;
 * - travel season lifts foreign-exchange and cash questions in summer, and card-payment
 *   questions rise before Christmas; Mondays are busy, weekends quiet; the bank grows slowly.
 * Everything here is plain data, drawn from a seeded generator: the same start day, size and
 * seed give the same contacts, volumes and figures on every machine.
 */

export const DEMO_DAYS = 364;
export const DEFAULT_DEMO_SEED = 20_260_601;

export const COUNTERMEASURE = {
  step: 'card-production-delivery',
  categories: ['card_arrival', 'card_delivery_estimate'],
  title: 'Tracking link and delivery-day SMS with every card',
  description: 'Customers chased their new cards because they could not see where they were. Every card now ships with a tracking link, and an SMS goes out on the day of delivery.',
  owner: 'Card operations',
  status: 'in-progress',
  /** Starts on the Monday this many weeks before the current week's. */
  weeksAgo: 15,
  /** What the targeted categories' demand is multiplied by from the start on (−45%). */
  factor: 0.55,
} as const;

export const SPIKE = {
  category: 'declined_card_payment',
  /** The outage week starts on the Monday this many weeks before the current week's. */
  weeksAgo: 5,
  /** The outage lasts Tuesday to Thursday (weekdays 1–3) … */
  weekdays: [1, 2, 3],
  /** … and multiplies the category's demand by this on those days. */
  factor: 12,
} as const;

// The head of the category ranking, most common first; the other categories follow in a seeded
// order. Card chasing leads, as it does in many card issuers' contact centres.
const COMMON_CATEGORIES = [
  'card_arrival',
  'card_payment_not_recognised',
  'pending_card_payment',
  'transfer_not_received_by_recipient',
  'balance_not_updated_after_bank_transfer',
  'exchange_rate',
  'card_delivery_estimate',
  'top_up_failed',
  'activate_my_card',
  'request_refund',
  'declined_card_payment',
  'pending_transfer',
  'lost_or_stolen_card',
  'verify_my_identity',
];
const RANK_OFFSET = 3;
const RANK_EXPONENT = 0.85;

const WEEKDAY_DEMAND = [1.25, 1.15, 1.05, 1.0, 0.95, 0.62, 0.5];
const WEEKDAY_UNITS = [1.05, 1.03, 1.02, 1.0, 1.05, 0.85, 0.75];
/** Over the year the bank grows from 90% to 110% of its average size. */
const GROWTH = { start: 0.9, end: 1.1 };

// Hours of the day (UTC) customers get in touch, 0–23.
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.4, 0.8, 1.5, 3, 5, 7, 8, 8, 7.5, 7.5, 7, 7, 6.5, 6, 5.5, 5, 4.5, 4, 3, 2];

type Channel = 'email' | 'phone' | 'chat' | 'web' | 'social' | 'store' | 'letter' | 'other';
const TICKET_CHANNELS: Array<[Channel, number]> = [
  ['chat', 40],
  ['email', 24],
  ['phone', 20],
  ['web', 11],
  ['social', 4],
  ['other', 1],
];
const COMPLAINT_CHANNELS: Array<[Channel, number]> = [
  ['email', 45],
  ['phone', 25],
  ['web', 15],
  ['letter', 8],
  ['social', 5],
  ['other', 2],
];
/** Share of contacts that arrive as formal complaints rather than tickets. */
const COMPLAINT_SHARE = { failure: 0.12, value: 0.02 };
const SEVERITIES = new WeightedPicker(['low', 'medium', 'high'] as const, [5, 4, 1]);

/** Customers: the pool is this share of the contacts, so many customers get in touch more than once. */
const CUSTOMER_POOL_SHARE = 0.45;
/** A failure contact is a customer chasing the same problem again, within a week, this often. */
const CHASE_AGAIN = { probability: 0.2, withinDays: 6 };

export const HANDLING_COSTS: Array<{ channel: Channel; costPerContact: number; currency: string }> = [
  { channel: 'phone', costPerContact: 6.8, currency: 'EUR' },
  { channel: 'chat', costPerContact: 3.4, currency: 'EUR' },
  { channel: 'email', costPerContact: 4.6, currency: 'EUR' },
  { channel: 'web', costPerContact: 2.9, currency: 'EUR' },
  { channel: 'social', costPerContact: 3.9, currency: 'EUR' },
  { channel: 'letter', costPerContact: 11.5, currency: 'EUR' },
  { channel: 'store', costPerContact: 8, currency: 'EUR' },
  { channel: 'other', costPerContact: 4, currency: 'EUR' },
];

/** Units each step handles on an average weekday (cards produced, payments authorised, …). */
const STEP_DAILY_UNITS: Record<string, number> = {
  eligibility: 900,
  'identity-verification': 700,
  'source-of-funds-checks': 120,
  'profile-maintenance': 1_500,
  'card-ordering': 450,
  'card-production-delivery': 400,
  'card-activation-pin': 500,
  'card-renewal-replacement': 250,
  'virtual-cards': 600,
  'payment-authorisation': 180_000,
  'fx-conversion-fees': 25_000,
  'settlement-statement': 160_000,
  'refunds-disputes': 1_200,
  'wallets-acceptance': 40_000,
  'atm-authorisation': 9_000,
  'cash-dispensing': 8_500,
  'withdrawal-fees-fx': 3_000,
  'withdrawal-settlement': 8_500,
  'top-up-by-card': 12_000,
  'top-up-by-bank-transfer': 6_000,
  'top-up-by-cash-cheque': 300,
  'top-up-verification-limits': 15_000,
  'auto-top-up': 2_500,
  'beneficiary-setup': 2_000,
  'transfer-authorisation': 14_000,
  'transfer-execution': 13_500,
  'incoming-transfers': 9_000,
  'transfer-fees': 4_000,
  credentials: 3_500,
  'lost-stolen-compromised': 150,
  'account-closure': 80,
  'coverage-countries-currencies': 2_000,
};
const DEFAULT_STEP_DAILY_UNITS = 1_000;

export interface StoryCategory {
  key: string;
  demandType: 'failure' | 'value';
  valueStream?: string;
  step?: string;
}

export interface StoryInput {
  /** The day the demo is loaded (UTC); the story covers the 52 weeks before it. */
  today: string;
  contacts: number;
  seed?: number;
  categories: StoryCategory[];
  /** Every value-stream step, for the volumes. */
  steps: string[];
  /** Customers' texts per category (BANKING77's test split). */
  texts: ReadonlyMap<string, readonly string[]>;
}

export type StoryContactKind = 'ticket' | 'complaint';

export interface StoryContact {
  kind: StoryContactKind;
  category: string;
  day: string;
  /** The source event as a sending system would post it (TicketV1 or ComplaintV1). */
  event: Record<string, string>;
}

export interface Story {
  /** First day of the story, inclusive. */
  from: string;
  /** The day after the last, exclusive (the day the demo is loaded). */
  to: string;
  contacts: StoryContact[];
  volumes: Array<{ step: string; volumes: Array<{ day: string; units: number }> }>;
  handlingCosts: typeof HANDLING_COSTS;
  countermeasure: { step: string; categories: string[]; title: string; description: string; owner: string; startedOn: string; status: 'in-progress' };
  spike: { category: string; week: string; days: string[] };
}

/** The whole story for one start day, size and seed. */
export function demoStory(input: StoryInput): Story {
  if (!Number.isInteger(input.contacts) || input.contacts < 1) throw new Error(`the demo needs a whole number of contacts, at least 1 (got ${input.contacts})`);
  const seed = input.seed ?? DEFAULT_DEMO_SEED;
  const from = addDays(input.today, -DEMO_DAYS);
  const days = Array.from({ length: DEMO_DAYS }, (_, i) => addDays(from, i));
  const currentWeek = mondayOf(input.today);
  const countermeasureStart = addDays(currentWeek, -7 * COUNTERMEASURE.weeksAgo);
  const spikeWeek = addDays(currentWeek, -7 * SPIKE.weeksAgo);
  const spikeDays = SPIKE.weekdays.map((weekday) => addDays(spikeWeek, weekday));

  const categories = input.categories.filter((c) => (input.texts.get(c.key)?.length ?? 0) > 0);
  if (categories.length === 0) throw new Error('the demo needs texts for at least one category');
  const base = baseWeights(categories, new Prng(seed));
  const story = { countermeasureStart, spikeDays: new Set(spikeDays) };
  const weightsOn = (day: string) => categories.map((c, i) => base[i]! * seasonOf(c, day) * storyFactor(c.key, day, story));

  const perDay = days.map((day, i) => {
    const weights = weightsOn(day);
    return { day, weights, expected: WEEKDAY_DEMAND[weekdayOf(day)]! * growthAt(i) * weights.reduce((a, b) => a + b, 0) };
  });
  const counts = apportion(
    input.contacts,
    perDay.map((d) => d.expected),
  );

  const prng = new Prng(seed ^ 0x5eed);
  const customers = new Customers(prng, Math.max(20, Math.round(input.contacts * CUSTOMER_POOL_SHARE)));
  const hours = new WeightedPicker(
    HOUR_WEIGHTS.map((_, hour) => hour),
    HOUR_WEIGHTS,
  );
  const ticketChannels = new WeightedPicker(
    TICKET_CHANNELS.map(([c]) => c),
    TICKET_CHANNELS.map(([, w]) => w),
  );
  const complaintChannels = new WeightedPicker(
    COMPLAINT_CHANNELS.map(([c]) => c),
    COMPLAINT_CHANNELS.map(([, w]) => w),
  );
  const contacts: StoryContact[] = [];
  let tickets = 0;
  let complaints = 0;
  perDay.forEach(({ day, weights }, dayIndex) => {
    const picker = new WeightedPicker(categories, weights);
    const times = Array.from({ length: counts[dayIndex]! }, () => hours.pick(prng) * 3600 + prng.below(3600)).sort((a, b) => a - b);
    for (const secondOfDay of times) {
      const category = picker.pick(prng);
      const failure = category.demandType === 'failure';
      const customerId = customers.next(category.key, dayIndex, failure);
      const createdAt = `${day}T${clock(secondOfDay)}Z`;
      const text = prng.pick(input.texts.get(category.key)!);
      if (prng.chance(failure ? COMPLAINT_SHARE.failure : COMPLAINT_SHARE.value)) {
        complaints += 1;
        const event = { id: `DEMO-C-${pad(complaints)}`, createdAt, text, channel: complaintChannels.pick(prng), customerId, severity: SEVERITIES.pick(prng), source: 'complaints-register' };
        contacts.push({ kind: 'complaint', category: category.key, day, event });
      } else {
        tickets += 1;
        const event = { id: `DEMO-T-${pad(tickets)}`, createdAt, channel: ticketChannels.pick(prng), description: text, customerId, language: 'en', source: 'zendesk' };
        contacts.push({ kind: 'ticket', category: category.key, day, event });
      }
    }
  });

  return {
    from,
    to: input.today,
    contacts,
    volumes: stepVolumes(input.steps, days, new Prng(seed ^ 0xb0b)),
    handlingCosts: HANDLING_COSTS,
    countermeasure: {
      step: COUNTERMEASURE.step,
      categories: [...COUNTERMEASURE.categories],
      title: COUNTERMEASURE.title,
      description: COUNTERMEASURE.description,
      owner: COUNTERMEASURE.owner,
      startedOn: countermeasureStart,
      status: COUNTERMEASURE.status,
    },
    spike: { category: SPIKE.category, week: spikeWeek, days: spikeDays },
  };
}

/** Zipf-like weights: the common categories first, the rest in a seeded order. */
function baseWeights(categories: StoryCategory[], prng: Prng): number[] {
  const keys = categories.map((c) => c.key);
  const head = COMMON_CATEGORIES.filter((key) => keys.includes(key));
  const tail = prng.shuffled(keys.filter((key) => !head.includes(key)));
  const rank = new Map([...head, ...tail].map((key, i) => [key, i]));
  return keys.map((key) => 1 / (rank.get(key)! + RANK_OFFSET) ** RANK_EXPONENT);
}

/** Travel season lifts foreign-exchange and cash questions; card-payment questions rise before Christmas. */
function seasonOf(category: StoryCategory, day: string): number {
  const doy = dayOfYear(day);
  const travel = category.valueStream === 'cash' || category.step === 'fx-conversion-fees' ? 0.35 * Math.exp(-(((doy - 205) / 30) ** 2)) : 0;
  const toChristmas = Math.min(Math.abs(doy - 354), 365 - Math.abs(doy - 354));
  const christmas = category.valueStream === 'card-payments' ? 0.25 * Math.exp(-((toChristmas / 14) ** 2)) : 0;
  return 1 + travel + christmas;
}

function storyFactor(category: string, day: string, story: { countermeasureStart: string; spikeDays: Set<string> }): number {
  if ((COUNTERMEASURE.categories as readonly string[]).includes(category) && day >= story.countermeasureStart) return COUNTERMEASURE.factor;
  if (category === SPIKE.category && story.spikeDays.has(day)) return SPIKE.factor;
  return 1;
}

function growthAt(dayIndex: number): number {
  return GROWTH.start + ((GROWTH.end - GROWTH.start) * dayIndex) / (DEMO_DAYS - 1);
}

/** Splits `total` into whole numbers proportional to `weights` (largest remainder), summing to `total` exactly. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, i) => ({ i, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  return counts;
}

/** Units per step and day: the step's size, the weekday, the bank's growth, and ±5% noise. */
function stepVolumes(steps: string[], days: string[], prng: Prng): Story['volumes'] {
  return steps.map((step) => {
    const size = STEP_DAILY_UNITS[step] ?? DEFAULT_STEP_DAILY_UNITS;
    return {
      step,
      volumes: days.map((day, i) => ({ day, units: Math.max(1, Math.round(size * WEEKDAY_UNITS[weekdayOf(day)]! * growthAt(i) * (1 + 0.05 * prng.normal()))) })),
    };
  });
}

/** Who gets in touch: mostly someone from the pool, sometimes a customer chasing the same problem again. */
class Customers {
  private readonly recent = new Map<string, Array<{ dayIndex: number; customer: string }>>();

  constructor(
    private readonly prng: Prng,
    private readonly poolSize: number,
  ) {}

  next(category: string, dayIndex: number, failure: boolean): string {
    const recent = (this.recent.get(category) ?? []).filter((r) => dayIndex - r.dayIndex <= CHASE_AGAIN.withinDays);
    let customer: string;
    if (failure && recent.length > 0 && this.prng.chance(CHASE_AGAIN.probability)) customer = this.prng.pick(recent).customer;
    else customer = `DEMO-CUST-${pad(1 + this.prng.below(this.poolSize))}`;
    recent.push({ dayIndex, customer });
    this.recent.set(category, recent.slice(-20));
    return customer;
  }
}

function clock(secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}

function pad(n: number): string {
  return String(n).padStart(6, '0');
}
