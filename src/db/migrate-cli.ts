import { loadConfig } from '../config.ts';
import { openDatabase } from './dialect.ts';
import { migrateToLatest } from './migrate.ts';

const config = loadConfig();
const { db, engine, close } = openDatabase(config.databaseUrl);
const applied = await migrateToLatest(db, engine);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
await close();
