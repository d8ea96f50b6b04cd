import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Landlord branding and contact settings: one JSON file, so a landlord is rebranded without code. */
const landlordSchema = z.object({
  name: z.string().min(1),
  shortName: z.string().min(1),
  serviceName: z.string().min(1),
  logo: z.string().min(1),
  logoAlt: z.string().min(1),
  colours: z.object({
    brand: z.string().regex(/^#[0-9a-f]{6}$/i),
    templateBackground: z.string().regex(/^#[0-9a-f]{6}$/i),
    link: z.string().regex(/^#[0-9a-f]{6}$/i),
  }),
  font: z.string().min(1),
  nation: z.enum(['england-and-wales', 'scotland', 'northern-ireland']),
  phones: z.array(z.object({ label: z.string(), number: z.string(), hours: z.string() })).min(1),
  address: z.string(),
  links: z.object({
    waysToPay: z.string().url(),
    findAHome: z.string().url(),
    reportAsb: z.string().url(),
    complaintsPolicy: z.string().url(),
    privacy: z.string().url(),
    accessibility: z.string().url(),
    contactUs: z.string().url(),
  }),
  activationCodeDays: z.number().int().positive(),
  letterPostingWorkingDays: z.number().int().positive(),
  /** Ways to Pay, in the order shown; `{reference}` is replaced by the tenant's rent reference. */
  waysToPay: z
    .array(z.object({ title: z.string().min(1), text: z.string().min(1), details: z.array(z.object({ label: z.string(), value: z.string() })).default([]) }))
    .default([]),
});
export type Landlord = z.infer<typeof landlordSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  /** Secret used for HMACs (CSRF tokens). Random per process outside production. */
  appSecret: string;
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string;
  /** Cookies get Secure and the __Host- prefix when the site is served over HTTPS. */
  secureCookies: boolean;
  trustProxy: boolean;
  landlord: Landlord;
  /** Argon2 cost; lowered in tests only, so suites stay quick. */
  argon2: { memoryCost: number; timeCost: number };
  logLevel: string;
  /** Server processes sharing the port: one per core in production, one otherwise (WEB_CONCURRENCY). */
  workers: number;
  /** PostgreSQL connections each server process may hold (DATABASE_POOL_SIZE, 10 by default). */
  databasePoolSize: number;
  /** Whether pages are kept per person while their page version stands (KEEP_PAGES, on by default; ADR 13, ADR 15). */
  keepPages: boolean;
}

export function loadLandlord(file: string): Landlord {
  const raw: unknown = JSON.parse(readFileSync(resolve(file), 'utf8'));
  return landlordSchema.parse(raw);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const problems: string[] = [];
  if (mode === 'production') {
    if (!env.APP_SECRET || env.APP_SECRET.length < 32) problems.push('APP_SECRET must be set to at least 32 characters');
    if (!env.SMTP_URL) problems.push('SMTP_URL must be set');
    if (!env.PUBLIC_URL) problems.push('PUBLIC_URL must be set');
  }
  if (problems.length) throw new Error(`Refusing to start in production:\n- ${problems.join('\n- ')}`);

  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port number: ${env.PORT}`);
  const host = env.HOST ?? 'localhost';
  const workers = Number(env.WEB_CONCURRENCY ?? (mode === 'production' ? availableParallelism() : 1));
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error(`WEB_CONCURRENCY is a number of processes from 1 to 64, not ${env.WEB_CONCURRENCY}`);
  const databasePoolSize = Number(env.DATABASE_POOL_SIZE ?? 10);
  if (!Number.isInteger(databasePoolSize) || databasePoolSize < 1 || databasePoolSize > 100) {
    throw new Error(`DATABASE_POOL_SIZE is a number of connections from 1 to 100, not ${env.DATABASE_POOL_SIZE}`);
  }
  const keepPages = env.KEEP_PAGES ?? 'on';
  if (keepPages !== 'on' && keepPages !== 'off') throw new Error(`KEEP_PAGES is on or off, not ${env.KEEP_PAGES}`);
  const publicUrl = (env.PUBLIC_URL ?? `http://${host}:${port}`).replace(/\/$/, '');
  const config: Config = {
    env: mode,
    host,
    port,
    databaseUrl: env.DATABASE_URL ?? 'sqlite:./data/doorstep.sqlite',
    appSecret: env.APP_SECRET || randomSecret(),
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? 'Doorstep <no-reply@doorstep.invalid>',
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    trustProxy: env.TRUST_PROXY === 'true',
    landlord: loadLandlord(env.LANDLORD_SETTINGS ?? 'config/landlord.json'),
    argon2: mode === 'test' ? { memoryCost: 1024, timeCost: 2 } : { memoryCost: 19456, timeCost: 2 },
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    workers,
    databasePoolSize,
    keepPages: keepPages === 'on',
  };
  return Object.freeze(config);
}

function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}
