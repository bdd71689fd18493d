import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { ContactKind } from '@frictionlens/contracts';
import { customerHasher, redact } from '@frictionlens/domain';
import { normaliseEvents } from '../../apps/ingest/src/normalise/normalise-events.js';

// npm run bench:redaction [-- --per-kind=500] [--seed=16] [--data=/work/shared/data]
//
// Recall: a planted corpus of personal data, every value of every kind placed in turn in each
// field a sender controls (the text, the subject, an attribute value, an attribute key, a JSON
// number where the kind has a numeric form, a tag, the order id, the SKU and the source id), sent
// as Kafka message bytes through the real path (decodeEvent, normaliseContact, prepareContact). A
// value counts as found when neither it nor its digits-and-letters-only form is left anywhere in
// what would be stored: the COPY row (text, attributes, SKU, source id) and the message fields.
//
// False positives: the share of BANKING77 and CLINC150 texts (real customer questions with no
// personal data in them) in which `redact` replaced anything. The datasets are read at bench time
// only, from ../shared/data as tools/tune does.
//
// Prints progress, a table per kind and field, and ends with one JSON line of figures.

const args = new Map(process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=') as [string, string]));
const PER_KIND = Number(args.get('per-kind') ?? 500);
const SEED = Number(args.get('seed') ?? 16);
const DATA = args.get('data') ?? process.env.FRICTIONLENS_DATA ?? '/work/shared/data';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
const pad = (value: number, width: number) => String(value).padStart(width, '0');

interface Planted {
  /** As written by the customer, context words included. */
  written: string;
  /** What must not survive (the value without its context words). */
  secret: string;
  /** The value as a JSON number, for kinds that have one. */
  numeric?: number;
}

function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function ibanCheck(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.toUpperCase();
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    remainder = code <= 57 ? (remainder * 10 + (code - 48)) % 97 : (remainder * 100 + (code - 55)) % 97;
  }
  return pad(98 - remainder, 2);
}

const group4 = (s: string) => s.match(/.{1,4}/g)!.join(' ');
const FIRST_NAMES = ['jane', 'john', 'amira', 'lukas', 'sofia', 'wei', 'olu', 'maria', 'j.smith', 'k_o'];
const DOMAINS = ['example.com', 'mail.example.co.uk', 'beispiel.de', 'test.org', 'corp.example.net'];
const STREETS = ['Baker', 'Church', 'Station', 'Victoria', 'Mill', 'Park', 'High Elm', 'Green Oak'];
const SUFFIXES = ['Street', 'Road', 'Avenue', 'Lane', 'Drive', 'Close', 'Way'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';
const NINO_EXCLUDED = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

function validSsn(): string {
  for (;;) {
    const area = int(1, 899);
    if (area === 666) continue;
    return `${pad(area, 3)}${pad(int(1, 99), 2)}${pad(int(1, 9999), 4)}`;
  }
}

const hex4 = () => int(0, 0xffff).toString(16);

/** The planted kinds: each generates one value as a customer would write it. */
const KINDS: Record<string, () => Planted> = {
  email: () => {
    const v = `${pick(FIRST_NAMES)}${int(1, 999)}@${pick(DOMAINS)}`;
    return { written: v, secret: v };
  },
  phone_international: () => {
    const v = `+${pick(['44', '49', '33', '31', '353'])} ${int(20, 99)} ${digits(4)} ${digits(4)}`;
    return { written: v, secret: v, numeric: Number(v.replace(/\D/g, '')) };
  },
  phone_uk_national: () => {
    const v = pick([`020 7946 ${digits(4)}`, `07700 ${int(100, 999)}${digits(3)}`, `0161 496 ${digits(4)}`]);
    return { written: v, secret: v };
  },
  phone_north_american: () => {
    const [a, b, c] = [int(201, 989), int(200, 999), digits(4)];
    const v = pick([`(${a}) ${b}-${c}`, `${a}-${b}-${c}`, `1-${a}-${b}-${c}`]);
    return { written: v, secret: v, numeric: Number(`${a}${b}${c}`) };
  },
  card_visa: () => {
    const number = luhnComplete(`4${digits(14)}`);
    return { written: pick([group4(number), number, group4(number).replaceAll(' ', '-')]), secret: number, numeric: Number(number) };
  },
  card_mastercard: () => {
    const number = luhnComplete(`5${int(1, 5)}${digits(13)}`);
    return { written: pick([group4(number), number]), secret: number, numeric: Number(number) };
  },
  card_amex: () => {
    const number = luhnComplete(`3${pick(['4', '7'])}${digits(12)}`);
    return { written: `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`, secret: number, numeric: Number(number) };
  },
  iban: () => {
    const [country, bban] = pick([
      ['GB', `${pick(['WEST', 'NWBK', 'BARC'])}${digits(14)}`],
      ['DE', digits(18)],
      ['FR', `${digits(10)}${digits(11)}${digits(2)}`],
      ['NL', `${pick(['ABNA', 'INGB', 'RABO'])}${digits(10)}`],
    ] as const);
    const iban = `${country}${ibanCheck(country, bban)}${bban}`;
    return { written: pick([group4(iban), iban]), secret: iban };
  },
  address_street: () => {
    const v = `${int(1, 2400)}${pick(['', 'B', ''])} ${pick(STREETS)} ${pick(SUFFIXES)}`;
    return { written: v, secret: v };
  },
  address_uk_postcode: () => {
    const v = `${pick(['SW1A', 'M1', 'EC2R', 'B33', 'LS6', 'CR2'])} ${int(1, 9)}${pick(['AA', 'BD', 'HX', 'NP', 'TQ'])}`;
    return { written: v, secret: v };
  },
  address_us_zip4: () => {
    const v = `${int(10000, 99999)}-${digits(4)}`;
    return { written: v, secret: v };
  },
  us_ssn: () => {
    const ssn = validSsn();
    const v = pick([`${ssn.slice(0, 3)}-${ssn.slice(3, 5)}-${ssn.slice(5)}`, `${ssn.slice(0, 3)} ${ssn.slice(3, 5)} ${ssn.slice(5)}`, `SSN ${ssn}`]);
    return { written: v, secret: ssn, numeric: Number(ssn) };
  },
  uk_national_insurance: () => {
    let prefix = '';
    do prefix = pick([...NINO_FIRST]) + pick([...NINO_SECOND]);
    while (NINO_EXCLUDED.has(prefix));
    const [a, b, c, suffix] = [pad(int(0, 99), 2), pad(int(0, 99), 2), pad(int(0, 99), 2), pick(['A', 'B', 'C', 'D'])];
    const v = pick([`${prefix}${a}${b}${c}${suffix}`, `${prefix} ${a} ${b} ${c} ${suffix}`]);
    return { written: v, secret: `${prefix}${a}${b}${c}${suffix}` };
  },
  ipv4: () => {
    const v = `${int(1, 254)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
    return { written: v, secret: v };
  },
  ipv6_full: () => {
    const v = Array.from({ length: 8 }, hex4).join(':');
    return { written: v, secret: v };
  },
  ipv6_compressed: () => {
    const v = pick([`2001:db8::${hex4()}:${hex4()}`, `fe80::${hex4()}:${hex4()}:${hex4()}`, `::ffff:${int(1, 254)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`]);
    return { written: v, secret: v };
  },
  date_of_birth: () => {
    const [d, m, y] = [int(1, 28), int(1, 12), int(1930, 2008)];
    const date = pick([`${pad(d, 2)}/${pad(m, 2)}/${y}`, `${y}-${pad(m, 2)}-${pad(d, 2)}`, `${d} ${MONTHS[m - 1]} ${y}`, `${MONTHS[m - 1]} ${d}, ${y}`]);
    return { written: `${pick(['born', 'DOB:', 'date of birth', 'Date of birth:', 'birthday'])} ${date}`, secret: date };
  },
  passport: () => {
    const number = pick([digits(9), `${pick(['C', 'L', 'X'])}${digits(2)}${pick(['X', 'F', 'K'])}${digits(2)}${pick(['T', 'C'])}${digits(2)}`, `${digits(2)}${pick(['AB', 'CK'])}${digits(5)}`]);
    return { written: `${pick(['passport', 'passport number', 'Passport No.', 'PASSPORT #'])} ${number}`, secret: number };
  },
};

const STRUCTURED = Object.keys(KINDS); // every planted kind has a rule; names and free-form addresses are not planted

// A control the redactor must not find (a made-up surname and reference without digits): its
// recall must read 0, which shows that a miss is counted as one.
const CONTROL: () => Planted = () => {
  const v = `${pick(['Fenwick', 'Okonkwo', 'Lindqvist', 'Haddad'])}-${pick(['QX', 'ZR', 'PW'])}${pick(['alpha', 'delta', 'omega'])}`;
  return { written: v, secret: v };
};
const FIELDS = ['text', 'subject', 'attributeValue', 'attributeKey', 'number', 'tag', 'orderId', 'productSku', 'sourceId'] as const;
type Field = (typeof FIELDS)[number];

function eventFor(field: Field, planted: Planted, n: number): Record<string, unknown> | undefined {
  const event: Record<string, unknown> = {
    id: `B-${n}`,
    createdAt: '2026-05-04T09:30:00Z',
    channel: 'email',
    subject: 'Card problem',
    description: 'My card was declined at the shop yesterday.',
    productSku: 'CARD-STD',
    source: 'bench',
  };
  const w = planted.written;
  switch (field) {
    case 'text':
      event.description = `Hello, please update my details: ${w}. Thanks for your help.`;
      break;
    case 'subject':
      event.subject = `Re: ${w}`;
      break;
    case 'attributeValue':
      event.extra = { note: w };
      break;
    case 'attributeKey':
      event.extra = { [w]: 'yes' };
      break;
    case 'number':
      if (planted.numeric === undefined || !Number.isSafeInteger(planted.numeric)) return undefined;
      event.contactNumber = planted.numeric;
      break;
    case 'tag':
      event.tags = ['vip', w];
      break;
    case 'orderId':
      event.orderId = w;
      break;
    case 'productSku':
      event.productSku = w;
      break;
    case 'sourceId':
      event.id = w;
      break;
  }
  return event;
}

const alnum = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');

function main(): void {
  const started = Date.now();
  const hashCustomer = customerHasher('bench-redaction-key-0123456789');
  const options = { now: new Date('2026-06-01T00:00:00Z'), maxTextBytes: 65_536, maxFutureSkewMs: 86_400_000, hashCustomer };
  const recall: Record<string, Partial<Record<Field, { found: number; planted: number; misses: string[] }>>> = {};
  let planted = 0;
  let normaliseNs = 0n;
  for (const [kindIndex, kind] of [...STRUCTURED, 'control'].entries()) {
    const values = Array.from({ length: PER_KIND }, kind === 'control' ? CONTROL : KINDS[kind]!);
    recall[kind] = {};
    for (const field of FIELDS) {
      const cell = { found: 0, planted: 0, misses: [] as string[] };
      const batch: Array<{ kind: ContactKind; bytes: Uint8Array }> = [];
      const secrets: Planted[] = [];
      for (const [i, value] of values.entries()) {
        const event = eventFor(field, value, i);
        if (event === undefined) continue;
        batch.push({ kind: 'ticket', bytes: Buffer.from(JSON.stringify(event)) });
        secrets.push(value);
      }
      if (batch.length === 0) continue;
      const t0 = process.hrtime.bigint();
      const outcomes = normaliseEvents(batch, options);
      normaliseNs += process.hrtime.bigint() - t0;
      for (const [i, outcome] of outcomes.entries()) {
        cell.planted++;
        if (!outcome.ok) throw new Error(`${kind} in ${field} was rejected: ${outcome.rejection.code} ${outcome.rejection.field ?? ''}`);
        const { row, sourceId, productSku, source } = outcome.contact;
        const stored = `${row.toString('utf8')}\t${sourceId}\t${productSku}\t${source}`;
        const secret = secrets[i]!.secret;
        if (!stored.includes(secret) && !alnum(stored).includes(alnum(secret))) cell.found++;
        else if (cell.misses.length < 3) cell.misses.push(secrets[i]!.written);
      }
      if (kind !== 'control') planted += cell.planted;
      recall[kind]![field] = cell;
    }
    console.log(`[${kindIndex + 1}/${STRUCTURED.length + 1}] ${kind}: ${PER_KIND} values planted in ${Object.keys(recall[kind]!).length} fields`);
  }

  // The table: recall per kind (rows) and field (columns).
  console.log(`\nrecall by kind and field (${PER_KIND} values per kind and field; "-" where the kind has no numeric form)`);
  console.log(['kind'.padEnd(24), ...FIELDS.map((f) => f.slice(0, 9).padStart(9))].join(' '));
  const misses: string[] = [];
  let minRecall = 1;
  for (const kind of STRUCTURED) {
    const cells = FIELDS.map((field) => {
      const cell = recall[kind]![field];
      if (cell === undefined) return '-'.padStart(9);
      const r = cell.found / cell.planted;
      minRecall = Math.min(minRecall, r);
      if (cell.misses.length > 0) misses.push(`${kind} in ${field}: ${cell.misses.map((m) => JSON.stringify(m)).join(', ')}`);
      return r.toFixed(3).padStart(9);
    });
    console.log([kind.padEnd(24), ...cells].join(' '));
  }
  const control = Object.values(recall.control!);
  const controlRecall = control.reduce((s, c) => s + c.found, 0) / control.reduce((s, c) => s + c.planted, 0);
  console.log(`${'control (must read 0)'.padEnd(24)} ${controlRecall.toFixed(3)} over every field but the number`);
  if (misses.length > 0) console.log(`\nexamples missed:\n  ${misses.join('\n  ')}`);

  // False positives on texts that hold no personal data.
  // Bitext's utterances are not the target but a harder case: they hold order and invoice numbers.
  const datasets: Record<string, string[]> = {
    banking77: ['banking77/train.csv', 'banking77/test.csv'],
    clinc150: ['clinc150/train.csv', 'clinc150/val.csv', 'clinc150/test.csv', 'clinc150/oos_train.csv', 'clinc150/oos_val.csv', 'clinc150/oos_test.csv'],
    bitext: ['bitext-customer-support/train.csv', 'bitext-customer-support/validation.csv', 'bitext-customer-support/test.csv'],
  };
  const falsePositives: Record<string, { texts: number; flagged: number; rate: number; byKind: Record<string, number>; examples: string[] }> = {};
  for (const [name, files] of Object.entries(datasets)) {
    const texts: string[] = [];
    for (const file of files) {
      const path = `${DATA}/${file}`;
      if (!existsSync(path)) throw new Error(`${path} not found: pass --data=<folder holding banking77/ and clinc150/>`);
      const [header, ...rows] = parse(readFileSync(path), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
      const names = header!.map((h) => h.trim());
      const at = names.includes('text') ? names.indexOf('text') : names.indexOf('utterance');
      for (const row of rows) if (row[at]?.trim()) texts.push(row[at]!.trim());
    }
    const result = { texts: texts.length, flagged: 0, rate: 0, byKind: {} as Record<string, number>, examples: [] as string[] };
    for (const text of texts) {
      const redacted = redact(text);
      const kinds = Object.keys(redacted.counts);
      if (kinds.length === 0) continue;
      result.flagged++;
      for (const k of kinds) result.byKind[k] = (result.byKind[k] ?? 0) + 1;
      if (result.examples.length < 8 && !result.examples.some((e) => e.startsWith(text))) result.examples.push(`${text}  ->  ${redacted.text}`);
    }
    result.rate = result.flagged / result.texts;
    falsePositives[name] = result;
    console.log(`\n${name}: ${result.flagged} of ${result.texts} texts had something redacted (${(100 * result.rate).toFixed(3)}%) ${JSON.stringify(result.byKind)}`);
    for (const example of result.examples) console.log(`  ${example}`);
  }

  const summary = {
    bench: 'redaction',
    seed: SEED,
    kinds: STRUCTURED.length,
    fields: FIELDS.length,
    valuesPerKind: PER_KIND,
    planted,
    minRecall: Number(minRecall.toFixed(4)),
    controlRecall: Number(controlRecall.toFixed(4)),
    recallByKind: Object.fromEntries(
      STRUCTURED.map((kind) => {
        const cells = Object.values(recall[kind]!);
        return [kind, Number((cells.reduce((s, c) => s + c.found, 0) / cells.reduce((s, c) => s + c.planted, 0)).toFixed(4))];
      }),
    ),
    falsePositiveRate: Object.fromEntries(Object.entries(falsePositives).map(([name, r]) => [name, Number(r.rate.toFixed(5))])),
    falsePositiveTexts: Object.fromEntries(Object.entries(falsePositives).map(([name, r]) => [name, `${r.flagged}/${r.texts}`])),
    normaliseMicrosPerEvent: Number((Number(normaliseNs) / 1000 / planted).toFixed(2)),
    seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
  };
  console.log(JSON.stringify(summary));
}

main();
