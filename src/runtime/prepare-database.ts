import type { Config } from '../config.ts';
import { openDatabase } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { Hasher } from '../lib/passwords.ts';
import { databaseIsEmpty, describeSeed, seedDemo } from '../seed/demo-seed.ts';
import { seedDemoStaff } from '../seed/staff-demo-seed.ts';

/** Brings the schema up to date and, outside production, seeds the demo landlord into an empty database. */
export async function prepareDatabase(config: Config): Promise<void> {
  const { db, engine, close } = openDatabase(config.databaseUrl, { poolSize: 1 });
  try {
    await migrateToLatest(db, engine);
    if (config.env !== 'production' && (await databaseIsEmpty(db))) {
      const hasher = new Hasher(config.argon2);
      const result = await seedDemo({ db, hasher, now: new Date(), landlord: config.landlord });
      console.log(describeSeed(result));
      console.log(await seedDemoStaff(db, hasher, new Date()));
    }
  } finally {
    await close();
  }
}
