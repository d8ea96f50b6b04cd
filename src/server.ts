import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/dialect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { Hasher } from './lib/passwords.ts';
import { databaseIsEmpty, describeSeed, seedDemo } from './seed/demo-seed.ts';
import { seedDemoStaff } from './seed/staff-demo-seed.ts';

const config = loadConfig();
const { db, engine, close } = openDatabase(config.databaseUrl);
await migrateToLatest(db, engine);
if (config.env !== 'production' && (await databaseIsEmpty(db))) {
  const hasher = new Hasher(config.argon2);
  const result = await seedDemo({ db, hasher, now: new Date(), landlord: config.landlord });
  console.log(describeSeed(result));
  console.log(await seedDemoStaff(db, hasher, new Date()));
}

const app = await buildApp({ config, db, engine });
app.deps.mail.start();
await app.listen({ port: config.port, host: config.host });
console.log(`Doorstep for ${config.landlord.name} is at http://${config.host}:${config.port} (${engine})`);
if (!config.smtpUrl && config.env === 'development') console.log(`No SMTP_URL: mail is shown at http://${config.host}:${config.port}/dev/outbox`);

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: finishing requests in flight, then stopping.`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  await close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
