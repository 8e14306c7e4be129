import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (postgres://user:pass@host:5432/db)'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(10),
  REDIS_URL: z.string().min(1, 'REDIS_URL is required (redis://host:6379)'),
  REDIS_PREFIX: z.string().default('souk:'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters'),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(60 * 24),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(24 * 14),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: z.string().default('loopback'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_SIGNIN_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  RATE_SIGNIN_PER_IP: z.coerce.number().int().positive().default(30),
  RATE_SIGNIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(15 * 60),
  RATE_SIGNUP_PER_IP: z.coerce.number().int().positive().default(10),
  // accounts: how long a password reset link and an email confirmation link work; reset requests per address and per network each hour
  PASSWORD_RESET_MINUTES: z.coerce.number().positive().max(24 * 60).default(30),
  EMAIL_CHANGE_HOURS: z.coerce.number().positive().max(24 * 7).default(24),
  RATE_RESET_PER_EMAIL: z.coerce.number().int().positive().default(3),
  RATE_RESET_PER_IP: z.coerce.number().int().positive().default(20),
  RATE_GENERAL_PER_MINUTE: z.coerce.number().int().positive().default(600),
  SSE_HEARTBEAT_SECONDS: z.coerce.number().positive().default(20),
  METRICS_TOKEN: z.string().optional(),
  // the worker re-registers its job schedulers this often, so a Redis that lost its data (restart without AOF, failover) gets them back
  SCHEDULES_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  OUTBOX_POLL_MS: z.coerce.number().int().positive().default(1000),
  // the worker process's CPU niceness (0–19; 0 leaves it as started): background jobs yield to pages and live updates on a shared machine
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  // catalog and moderation
  CURRENCY: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
  LISTING_DAYS: z.coerce.number().int().positive().default(30),
  // buying
  ORDER_RESERVATION_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  ORDER_SHIP_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  ESCROW_RELEASE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  // auctions: a maximum above this (minor units) must be covered by the bidder's wallet; days a winner has to pay; bids per bidder per minute
  AUCTION_VERIFIED_ABOVE: z.coerce.number().int().min(0).default(50_000),
  AUCTION_PAYMENT_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  RATE_BIDS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  DISPUTE_ESCALATION_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  LISTING_REMINDER_HOURS: z.string().regex(/^\d+(,\d+)*$/).default('72,24'),
  FLAG_HIDE_AFTER: z.coerce.number().int().positive().default(3),
  MODERATION_CLAIM_MINUTES: z.coerce.number().int().positive().default(15),
  BANNED_WORDS: z.string().default('replica,counterfeit,fake id,stolen,wire transfer only'),
  RATE_LISTINGS_PER_HOUR: z.coerce.number().int().positive().default(60),
  RATE_CONTACTS_PER_HOUR: z.coerce.number().int().positive().default(10),
  // messages in conversations per sender per hour (starting a conversation about a listing also counts against RATE_CONTACTS_PER_HOUR)
  RATE_MESSAGES_PER_HOUR: z.coerce.number().int().positive().default(60),
  // search result cache per web process (0 seconds = off)
  SEARCH_CACHE_SECONDS: z.coerce.number().min(0).default(30),
  SEARCH_CACHE_ENTRIES: z.coerce.number().int().positive().default(1000),
  // uploads and file storage
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  UPLOAD_MAX_FILES: z.coerce.number().int().positive().default(12),
  DIGITAL_MAX_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  STORAGE: z.enum(['local', 's3']).default('local'),
  STORAGE_DIR: z.string().default('.data/files'),
  S3_ENDPOINT: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  // worker: files no row points at are deleted once they are this old (an upload in progress is younger)
  ORPHAN_GRACE_MINUTES: z.coerce.number().int().min(5).default(60),
  // payments
  PAYMENTS: z.enum(['local', 'stripe']).default('local'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  // the built-in test gateway takes any test card: in production only as an explicit demo
  PAYMENTS_LOCAL_IN_PRODUCTION: bool.default(false),
  // unset: a random secret generated once per installation (src/payments/local-events.ts)
  LOCAL_GATEWAY_WEBHOOK_SECRET: z.string().min(16, 'LOCAL_GATEWAY_WEBHOOK_SECRET must be at least 16 characters').optional(),
  LOCAL_GATEWAY_CHAOS: z.enum(['on', 'off']).optional(), // default: on, except under NODE_ENV=test
  LOCAL_GATEWAY_CHAOS_SEED: z.coerce.number().int().optional(),
  LOCAL_GATEWAY_CHAOS_MAX_DELAY_MS: z.coerce.number().int().nonnegative().default(2000),
  PAYOUT_MIN: z.coerce.number().int().nonnegative().default(1000),
  PAYOUT_DAILY_LIMIT: z.coerce.number().int().positive().default(500_000),
  RATE_PAYOUTS_PER_DAY: z.coerce.number().int().positive().default(5),
  // how long a money-moving form stays valid, and its idempotency record is kept
  IDEMPOTENCY_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  // email: the SMTP server (smtp://user:pass@host:587, smtps://… for TLS; unset: nothing is sent and the log says why — `npm start` runs a local catcher), the sender, attempts per message before it is marked failed
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465').optional(),
  MAIL_FROM: z.string().min(3).default('Souk <no-reply@souk.localhost>'),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  // a message left "sending" this long (its sender crashed mid-send) is tried again: at-least-once, see docs/decisions/026-mail.md
  MAIL_SENDING_STALE_SECONDS: z.coerce.number().int().min(5).default(600),
  // development: the local mail catcher's inbox, linked from the admin delivery log
  MAIL_INBOX_URL: z.string().url().optional(),
});

export type Config = z.infer<typeof schema> & { cookieSecure: boolean; isProduction: boolean };

/** Reads configuration from the environment; exits with a readable message when it is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const isProduction = c.NODE_ENV === 'production';
  if (isProduction && c.PAYMENTS === 'local' && !c.PAYMENTS_LOCAL_IN_PRODUCTION) {
    // the test gateway's hosted page accepts test cards, so it would let anyone add wallet money for free
    throw new Error(
      'Invalid configuration:\n  PAYMENTS: NODE_ENV=production with PAYMENTS=local (the default) would take payments through the built-in test gateway, ' +
        'where test cards add real wallet balance. Set PAYMENTS=stripe with STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and PUBLIC_URL; ' +
        'or, for a demo installation that handles no real money, set PAYMENTS_LOCAL_IN_PRODUCTION=yes.',
    );
  }
  return { ...c, isProduction, cookieSecure: c.COOKIE_SECURE ?? isProduction };
}
