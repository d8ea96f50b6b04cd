import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/dialect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { Hasher } from '../../src/lib/passwords.ts';
import { seedDemo, type DemoSeedResult } from '../../src/seed/demo-seed.ts';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from '../../src/seed/staff-demo-seed.ts';
import { startSmtp } from '../../test/helpers/smtp.ts';
import { launchBrowser } from './browser.ts';

export interface RunningPortal {
  url: string;
  app: App;
  demo: DemoSeedResult;
  demoStaffPassword: string;
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  stop(): Promise<void>;
}

/**
 * The real server on a loopback port: a fresh SQLite file with the demo landlord, mail delivered
 * to a real SMTP server that the journey can read.
 */
export async function startPortal(): Promise<RunningPortal> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-e2e-'));
  const smtp = await startSmtp();
  // The port is chosen first so that links in emails point at this very server.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = { ...loadConfig({ NODE_ENV: 'test', APP_SECRET: 'e2e-secret-e2e-secret-e2e-secret!!' }), smtpUrl: smtp.url, publicUrl: url };
  const { db, engine, close } = openDatabase(`sqlite:${join(dir, 'e2e.sqlite')}`);
  await migrateToLatest(db, engine);
  const hasher = new Hasher(config.argon2);
  const demo = await seedDemo({ db, hasher, now: new Date(), landlord: config.landlord });
  await seedDemoStaff(db, hasher, new Date());
  const app = await buildApp({ config, db, engine });
  app.deps.mail.start(200);
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    app,
    demo,
    demoStaffPassword: DEMO_STAFF_PASSWORD,
    smtp,
    async stop() {
      await app.close();
      await close();
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the portal and a browser before the suite's tests and stops both after them. */
export function usePortalAndBrowser(): { portal(): RunningPortal; browser(): Browser } {
  let portal: RunningPortal;
  let browser: Browser;
  before(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await portal.stop();
  });
  return { portal: () => portal, browser: () => browser };
}
