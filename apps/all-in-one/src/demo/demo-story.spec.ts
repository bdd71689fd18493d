import { addDays, mondayOf, weekdayOf } from './calendar.js';
import { readDemoFiles, stepsOf } from './demo-files.js';
import { apportion, COUNTERMEASURE, DEMO_DAYS, demoStory, SPIKE, type Story, type StoryInput } from './demo-story.js';
import { Prng } from './prng.js';

const files = readDemoFiles();
const today = '2026-12-01';
const input = (overrides: Partial<StoryInput> = {}): StoryInput => ({
  today,
  contacts: 25_000,
  categories: files.scenario.categories,
  steps: stepsOf(files.scenario),
  texts: files.customerTexts,
  ...overrides,
});

const story = demoStory(input());
const demandTypeOf = new Map(files.scenario.categories.map((c) => [c.key, c.demandType]));

/** Contacts of the given categories per week (Monday → count), over the story. */
function weekly(s: Story, categories: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const contact of s.contacts) if (categories.includes(contact.category)) counts.set(mondayOf(contact.day), (counts.get(mondayOf(contact.day)) ?? 0) + 1);
  return counts;
}
const sumOver = (counts: Map<string, number>, from: string, to: string) => [...counts].filter(([week]) => week >= from && week < to).reduce((a, [, n]) => a + n, 0);

describe('the demo story', () => {
  it('is the same for the same day, size and seed, and differs for another seed', () => {
    expect(demoStory(input())).toEqual(story);
    expect(demoStory(input({ seed: 7 })).contacts.map((c) => c.event.id + c.category)).not.toEqual(story.contacts.map((c) => c.event.id + c.category));
  });

  it('has exactly the contacts asked for, with unique ids, over the 52 weeks before the start day', () => {
    expect(story.contacts).toHaveLength(25_000);
    expect(new Set(story.contacts.map((c) => `${c.kind}:${c.event.id}`)).size).toBe(25_000);
    expect(story.from).toBe(addDays(today, -DEMO_DAYS));
    expect(story.to).toBe(today);
    for (const contact of story.contacts) {
      expect(contact.day >= story.from && contact.day < story.to).toBe(true);
      expect(contact.event.createdAt.startsWith(contact.day)).toBe(true);
    }
    expect(demoStory(input({ contacts: 300 })).contacts).toHaveLength(300);
  });

  it("draws every contact's words from the texts of its category", () => {
    for (const contact of story.contacts.slice(0, 2_000)) {
      expect(files.customerTexts.get(contact.category)).toContain(contact.kind === 'ticket' ? contact.event.description : contact.event.text);
    }
  });

  it('mixes common and rare categories, with failure demand well over half', () => {
    const byCategory = new Map<string, number>();
    for (const c of story.contacts) byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + 1);
    const counts = [...byCategory.values()].sort((a, b) => b - a);
    expect(byCategory.size).toBe(77);
    expect(counts[0]! / counts.at(-1)!).toBeGreaterThan(5);
    const failure = story.contacts.filter((c) => demandTypeOf.get(c.category) === 'failure').length / story.contacts.length;
    expect(failure).toBeGreaterThan(0.5);
    expect(failure).toBeLessThan(0.75);
  });

  it('mixes channels and kinds, and some customers get in touch again within a week', () => {
    const channels = new Set(story.contacts.map((c) => c.event.channel));
    expect(channels.size).toBeGreaterThanOrEqual(6);
    const complaints = story.contacts.filter((c) => c.kind === 'complaint').length / story.contacts.length;
    expect(complaints).toBeGreaterThan(0.04);
    expect(complaints).toBeLessThan(0.15);
    const lastDay = new Map<string, string>();
    let repeats = 0;
    for (const c of story.contacts) {
      const before = lastDay.get(c.event.customerId!);
      if (before && addDays(before, 7) >= c.day) repeats += 1;
      lastDay.set(c.event.customerId!, c.day);
    }
    expect(repeats / story.contacts.length).toBeGreaterThan(0.05);
  });

  it('is busier on Mondays than on Sundays', () => {
    const onWeekday = (weekday: number) => story.contacts.filter((c) => weekdayOf(c.day) === weekday).length;
    expect(onWeekday(0) / onWeekday(6)).toBeGreaterThan(2);
  });

  it("starts the countermeasure fifteen weeks ago, after which its step's demand falls by about 45%", () => {
    const start = story.countermeasure.startedOn;
    expect(start).toBe(addDays(mondayOf(today), -7 * COUNTERMEASURE.weeksAgo));
    const targeted = weekly(story, COUNTERMEASURE.categories);
    const units = story.volumes.find((v) => v.step === COUNTERMEASURE.step)!.volumes;
    const unitsIn = (from: string, to: string) => units.filter((v) => v.day >= from && v.day < to).reduce((a, v) => a + v.units, 0);
    // Per unit the step handled, eight weeks on each side, as the impact endpoint looks.
    const rate = (from: string, to: string) => sumOver(targeted, from, to) / unitsIn(from, to);
    const ratio = rate(start, addDays(start, 56)) / rate(addDays(start, -56), start);
    expect(ratio).toBeGreaterThan(COUNTERMEASURE.factor - 0.1);
    expect(ratio).toBeLessThan(COUNTERMEASURE.factor + 0.1);
    expect(sumOver(targeted, addDays(start, -56), start)).toBeGreaterThan(300);
  });

  it('has an outage week five weeks ago that makes declined card payments spike', () => {
    expect(story.spike.week).toBe(addDays(mondayOf(today), -7 * SPIKE.weeksAgo));
    const declined = weekly(story, [SPIKE.category]);
    const baseline = sumOver(declined, addDays(story.spike.week, -56), story.spike.week) / 8;
    expect(declined.get(story.spike.week)! / baseline).toBeGreaterThan(3);
  });

  it('gives every step a volume on every day, far above its contacts', () => {
    expect(story.volumes.map((v) => v.step)).toEqual(stepsOf(files.scenario));
    for (const { volumes } of story.volumes) {
      expect(volumes).toHaveLength(DEMO_DAYS);
      expect(volumes.every((v) => Number.isInteger(v.units) && v.units > 0)).toBe(true);
    }
    const delivery = story.volumes.find((v) => v.step === COUNTERMEASURE.step)!.volumes.reduce((a, v) => a + v.units, 0);
    const deliveryContacts = story.contacts.filter((c) => (COUNTERMEASURE.categories as readonly string[]).includes(c.category)).length;
    expect(deliveryContacts / delivery).toBeLessThan(0.05);
  });
});

describe('apportion', () => {
  it('splits a total into whole parts proportional to the weights, summing exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 2, 5])).toEqual([0, 2, 5]);
    const parts = apportion(25_000, [1.3, 0.2, 7.7, 2.2]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(25_000);
  });
});

describe('the seeded generator', () => {
  it('gives the same sequence for the same seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const draws = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(draws);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Prng(43).next()).not.toBe(draws[0]);
  });
});
