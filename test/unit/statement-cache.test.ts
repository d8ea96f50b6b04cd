import assert from 'node:assert/strict';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { withStatementCache } from '../../src/db/dialect.ts';

test('the SQLite statement cache reuses compiled statements, drops the least recently used, and survives a schema change', () => {
  const sqlite = new SqliteDatabase(':memory:');
  const cached = withStatementCache(sqlite, 2);
  sqlite.exec('create table t (a integer)');
  const insert = cached.prepare('insert into t (a) values (?)');
  assert.equal(cached.prepare('insert into t (a) values (?)'), insert, 'the same SQL gets the same statement');
  insert.run([1]);
  const count = cached.prepare('select count(*) as n from t');
  cached.prepare('insert into t (a) values (?)'); // used again: now the most recent
  cached.prepare('select a from t'); // a third statement: the cache holds two, so `count` goes
  assert.equal(cached.prepare('insert into t (a) values (?)'), insert);
  assert.notEqual(cached.prepare('select count(*) as n from t'), count);
  sqlite.exec('alter table t add column b text');
  insert.run([2]);
  assert.deepEqual(cached.prepare('select count(*) as n from t').all([]), [{ n: 2 }]);
  cached.close();
});
