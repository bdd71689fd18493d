import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const DURATION_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30m`, `1h`, `2d` in milliseconds; null for `off`. */
function durationMs(value: string): number | null {
  if (value === 'off') return null;
  return Number(value.slice(0, -1)) * DURATION_UNIT_MS[value.slice(-1) as keyof typeof DURATION_UNIT_MS];
}

const brokerList = z
  .string()
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1));

/** A sentence encoder's name (the NLP library's), several joined by "+", or `none`; `fallback` when unset. */
const encoderName = (fallback: string) =>
  z
    .string()
    .regex(/^(none|[a-z0-9][a-z0-9._-]*(\+[a-z0-9][a-z0-9._-]*)*)$/, `an encoder name (${fallback}), several joined by "+", or none`)
    .default(fallback);

/**
 * Every environment variable FrictionLens reads, with its default.
 * A fresh clone runs with none of them set: PostgreSQL is then embedded and Kafka consumers are off.
 */
export const AppConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_MIGRATE_ON_START: booleanFromEnv.default(true),
  EMBEDDED_POSTGRES_DIR: z.string().min(1).default('.frictionlens/postgres'),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Load the digital-bank demo into an empty database at start-up (npm start); unset: only on the embedded database. */
  FRICTIONLENS_DEMO: booleanFromEnv.optional(),
  /** Contacts the demo spreads over its 52 weeks. */
  FRICTIONLENS_DEMO_CONTACTS: z.coerce.number().int().min(100).max(1_000_000).default(25_000),
  KAFKA_BROKERS: brokerList.optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('frictionlens'),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only').default(''),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  /**
   * Most bytes of one partition's record batch in a produce request (sends are split to stay
   * within it); unset: each topic's max.message.bytes as the broker reports it (1 MiB by default).
   */
  KAFKA_MAX_REQUEST_BYTES: z.coerce.number().int().min(16_384).max(1_073_741_824).optional(),
  /** How long the group waits for a silent member before giving its partitions to the others. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(10_000),
  /**
   * How long a partition with messages behind may go without a commit before `/health` reports
   * it stuck (status degraded). A poison message nobody foresaw, a store that keeps failing or a
   * hung batch all show this way.
   */
  KAFKA_PARTITION_STUCK_AFTER_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(180_000),
  /** Key of the HMAC that turns customer ids into linkable, non-identifying hashes. */
  CUSTOMER_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  INGEST_MAX_TEXT_BYTES: z.coerce.number().int().min(256).max(1_048_576).default(65_536),
  /**
   * Largest size of an event's fields other than its text (ids, dates, tags, extras), as UTF-8
   * JSON; a larger event is rejected as attributes_too_large, naming its largest field.
   */
  INGEST_MAX_ATTRIBUTE_BYTES: z.coerce.number().int().min(1_024).max(16_777_216).default(65_536),
  /** How far in the future an event's createdAt may lie (clock skew between systems). */
  INGEST_MAX_FUTURE_SKEW_MINUTES: z.coerce.number().int().min(0).default(1_440),
  /**
   * Processes one ingest instance runs (node cluster: one consumer-group member each, sharing the
   * HTTP port); `auto` is one per core. One process's main thread would otherwise be the limit.
   */
  INGEST_WORKERS: z
    .string()
    .refine((value) => value === 'auto' || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 64), 'must be auto or a whole number from 1 to 64')
    .transform((value): number | 'auto' => (value === 'auto' ? 'auto' : Number(value)))
    .default('auto'),
  /** Partitions whose batches one ingest instance handles at once (each partition stays in order). */
  INGEST_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(6),
  /** Most bytes one Kafka fetch brings (all partitions); larger fetches mean fewer pauses between them. */
  INGEST_FETCH_MAX_BYTES: z.coerce.number().int().min(1_048_576).max(1_073_741_824).default(52_428_800),
  /**
   * Longest one attempt at a Kafka batch (store, publish, commit) may take before the consumer is
   * taken as stuck and the service exits for its supervisor to restart it (0: never). Retry
   * backoffs during an outage do not count; kafkajs's own retries end within about two minutes.
   */
  INGEST_BATCH_STALL_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(300_000),
  /** Reviewers' labels since the last model that trigger an automatic retrain (0: never). */
  CLASSIFIER_RETRAIN_AFTER_LABELS: z.coerce.number().int().min(0).default(50),
  /** How often the classifier looks for a newer model version, new labels and (without Kafka) new contacts. */
  CLASSIFIER_CHECK_SECONDS: z.coerce.number().min(0.1).max(3_600).default(5),
  /**
   * How often the classifier looks for emerging themes (docs/discovery.md, "Emerging themes"): a
   * discovery run over the recent contacts the model placed with low confidence or not at all.
   * A duration (`30m`, `1h`, `2d`; s, m, h or d, at least a minute) or `off`; parsed to milliseconds, null when off.
   */
  DISCOVERY_EMERGING_EVERY: z
    .string()
    .trim()
    .regex(/^(off|[1-9][0-9]{0,5}[smhd])$/, 'a duration such as 30m, 1h or 1d, or off')
    .default('1h')
    .transform((value) => durationMs(value))
    .refine((ms) => ms === null || ms >= 60_000, 'must be at least a minute (1m), or off'),
  /**
   * Sentence encoder of the classifier's accurate mode (docs/encoder.md): a name of the NLP
   * library's encoders, or several joined by "+"; `none` keeps to the TF-IDF model.
   */
  CLASSIFIER_ENCODER: encoderName('all-minilm-l6-v2-q'),
  /**
   * Share of known-category texts the encoder model's open-set decision may leave unclassified as
   * "not one of ours" when the taxonomy has no out-of-scope examples (docs/classifier.md, "flag
   * share"). 0 protects known-category accuracy; about 0.04 catches half of the demand of intents
   * nobody has named yet (CLINC150) and feeds emerging themes, at 1.6 points of BANKING77 accuracy.
   */
  CLASSIFIER_OPEN_SET_FLAG_SHARE: z.coerce.number().min(0).max(0.5).default(0),
  /**
   * Sentence encoder discovery runs cluster with (docs/discovery.md, "Which encoder"): BGE by
   * default, which clusters contacts better than the classifier's MiniLM; the classifier's
   * encoder when this one's files are missing; `none` clusters TF-IDF/LSA vectors.
   */
  DISCOVERY_ENCODER: encoderName('bge-small-en-v15-q'),
  /** Folder the encoders were fetched into (npm run models:fetch); without them the TF-IDF model serves. */
  CLASSIFIER_MODELS_DIR: z.string().min(1).default('.frictionlens/models'),
  /** Requests a minute one API key (or, without a key, one client address) may make to the HTTP API (0: no limit). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1_200),
  /** Megabytes of metrics answers one API instance keeps until the data beneath them changes (0: no cache). */
  /**
   * On the embedded database only: keep an API key for the dashboard and hand it to pages opened
   * from this machine, so `npm start` shows the dashboard with nothing to paste (docs/dashboard.md).
   */
  DASHBOARD_EMBEDDED_KEY: booleanFromEnv.default(true),
  API_METRICS_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(64),
  /** How long after the data changed a cached metrics answer may still be served while its successor is computed (0: never). */
  API_METRICS_CACHE_MAX_STALE_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  /** How often the API looks for spikes, verdict changes, emerging themes and the weekly digest to alert about (docs/alerts.md). */
  ALERTS_EVALUATE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** How often the API's dispatcher looks for alert deliveries that are due. */
  ALERTS_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Wait before the first retry of a failed delivery; each further retry waits twice as long (up to an hour). */
  ALERTS_RETRY_BASE_SECONDS: z.coerce.number().min(0.05).max(3_600).default(30),
  /** Attempts at one delivery before it is marked failed in the delivery log. */
  ALERTS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  /** After an issue resolves, how long it may come back without a new alert. */
  ALERTS_COOLDOWN_MINUTES: z.coerce.number().min(0).max(10_080).default(360),
  /** Key that seals webhook signing secrets at rest (AES-256-GCM); unset: stored as they are (docs/alerts.md). */
  ALERTS_SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** SMTP server for e-mail alerts: smtp://user:pass@host:587 or smtps://…:465; unset: e-mail subscriptions cannot be delivered. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The From of alert e-mails. */
  SMTP_FROM: z.string().min(3).default('FrictionLens <frictionlens@localhost>'),
});

export type AppConfig = z.infer<typeof AppConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at start-up; names every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (FOO=) means "not set", as in docker-compose files with optional values.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = AppConfigSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}
