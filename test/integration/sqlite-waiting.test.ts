import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { WaitingSqliteDialect } from '../../src/db/sqlite-waiting-driver.ts';

// Two connections to one file stand for two worker processes: `other` holds the write lock by hand.
let dir: string;
let file: string;
let other: SqliteDatabase.Database;
const open = (lockWaitMs?: number) => {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('busy_timeout = 0');
  return new Kysely<{ notes: { id: Generated<number>; text: string } }>({ dialect: new WaitingSqliteDialect({ database: sqlite }, lockWaitMs) });
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'doorstep-waiting-'));
  file = join(dir, 'db.sqlite');
  other = new SqliteDatabase(file);
  other.pragma('journal_mode = WAL');
  other.exec('create table notes (id integer primary key, text text not null)');
});
after(() => {
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Holds the write lock from `other` for `ms`, then commits `text`. */
function holdLock(ms: number, text: string): Promise<void> {
  other.exec('begin immediate');
  other.prepare('insert into notes (text) values (?)').run(text);
  return new Promise((resolve) => setTimeout(() => (other.exec('commit'), resolve()), ms));
}

test('a write that finds the database locked waits without stopping the process, then lands', { timeout: 15_000 }, async () => {
  const db = open();
  const released = holdLock(60, 'first');
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  await db.insertInto('notes').values({ text: 'second' }).execute();
  clearInterval(ticker);
  await released;
  assert.ok(ticks >= 5, `the process ran other work while the write waited (${ticks} ticks)`);
  const texts = (await db.selectFrom('notes').select('text').orderBy('id').execute()).map((r) => r.text);
  assert.deepEqual(texts, ['first', 'second']);
  await db.destroy();
});

test('a transaction takes the write lock at its start, waiting for it the same way', { timeout: 15_000 }, async () => {
  const db = open();
  const released = holdLock(40, 'third');
  await db.transaction().execute(async (trx) => {
    const { n } = (await sql<{ n: number }>`select count(*) as n from notes`.execute(trx)).rows[0];
    // The lock was ours from BEGIN, so what was read cannot have moved before this write.
    await trx.insertInto('notes').values({ text: `after ${n}` }).execute();
  });
  await released;
  const texts = (await db.selectFrom('notes').select('text').orderBy('id').execute()).map((r) => r.text);
  assert.deepEqual(texts.slice(-2), ['third', 'after 3']);
  await db.destroy();
});

test('past the longest wait, the write fails with SQLite\'s busy error and writes nothing', { timeout: 15_000 }, async () => {
  const db = open(50);
  const released = holdLock(200, 'fourth');
  await assert.rejects(db.insertInto('notes').values({ text: 'never' }).execute(), (error: { code?: string }) => error.code === 'SQLITE_BUSY');
  await released;
  const texts = (await db.selectFrom('notes').select('text').execute()).map((r) => r.text);
  assert.ok(!texts.includes('never'));
  await db.destroy();
});
