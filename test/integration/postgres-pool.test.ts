import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/db/dialect.ts';
import { databaseUnavailable, TEST_DATABASE_URL, TEST_ENGINE } from '../helpers/test-app.ts';

const skip = TEST_ENGINE !== 'postgres' ? 'PostgreSQL only' : await databaseUnavailable();

test('an idle connection the server closes is logged and dropped; the next query gets a new one', { skip }, async (t) => {
  const warnings: string[] = [];
  t.mock.method(console, 'warn', (message: string) => warnings.push(message));
  const { db, close } = openDatabase(TEST_DATABASE_URL, { poolSize: 1 });
  try {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    const pid = rows[0].pid;
    // The pool's one connection is idle now; the server ends it, as a restart or failover would.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await admin.end();
    for (let i = 0; i < 50 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(warnings.join('\n'), /PostgreSQL connection was closed while idle/);

    const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    assert.notEqual(again.rows[0].pid, pid);
  } finally {
    await close();
  }
});
