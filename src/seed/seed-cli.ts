import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { Hasher } from '../lib/passwords.ts';
import { DEMO_PASSWORD, databaseIsEmpty, describeSeed, seedDemo } from './demo-seed.ts';
import { describeScaleSeed, seedScale } from './scale-seed.ts';
import { seedDemoStaff } from './staff-demo-seed.ts';

// npm run db:seed                                  the small demo landlord
// npm run db:seed -- --tenancies 20000             a large landlord, for load tests
// npm run db:seed -- --database postgres://…/db    either, into another database than DATABASE_URL's
const { values } = parseArgs({ options: { tenancies: { type: 'string' }, database: { type: 'string' } } });
const tenancies = values.tenancies === undefined ? null : Number(values.tenancies);
if (tenancies !== null && (!Number.isInteger(tenancies) || tenancies < 1)) {
  console.error(`--tenancies must be a whole number of at least 1, not ${values.tenancies}`);
  process.exit(2);
}

const config = loadConfig();
const { db, engine, close } = openDatabase(values.database ?? config.databaseUrl);
await migrateToLatest(db, engine);
if (!(await databaseIsEmpty(db))) {
  console.log('The database already has people in it; a landlord is seeded only into an empty database.');
} else {
  const hasher = new Hasher(config.argon2);
  if (tenancies !== null) {
    console.log(`Seeding ${tenancies.toLocaleString('en-GB')} tenancies on ${engine}…`);
    const result = await seedScale({ db, engine, tenancies, now: new Date(), passwordHash: await hasher.hash(DEMO_PASSWORD), log: console.log });
    console.log(describeScaleSeed(result, DEMO_PASSWORD));
  } else {
    console.log(describeSeed(await seedDemo({ db, hasher, now: new Date(), landlord: config.landlord })));
  }
  console.log(await seedDemoStaff(db, hasher, new Date()));
}
await close();
