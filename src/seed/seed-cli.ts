import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { Hasher } from '../lib/passwords.ts';
import { databaseIsEmpty, describeSeed, seedDemo } from './demo-seed.ts';
import { seedDemoStaff } from './staff-demo-seed.ts';

const config = loadConfig();
const { db, engine, close } = openDatabase(config.databaseUrl);
await migrateToLatest(db, engine);
if (!(await databaseIsEmpty(db))) {
  console.log('The database already has people in it; the demo landlord is seeded only into an empty database.');
} else {
  const hasher = new Hasher(config.argon2);
  console.log(describeSeed(await seedDemo({ db, hasher, now: new Date(), landlord: config.landlord })));
  console.log(await seedDemoStaff(db, hasher, new Date()));
}
await close();
