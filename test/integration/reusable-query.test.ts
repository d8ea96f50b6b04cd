import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { reusableQuery } from '../../src/db/reusable-query.ts';
import { openDatabase } from '../../src/db/dialect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createHousehold } from '../helpers/factories.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('reusableQuery', { skip }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const personByName = reusableQuery((db, surname: string, limit: number) => db.selectFrom('people').select(['id', 'surname']).where('surname', '=', surname).orderBy('id').limit(limit));

  test('each call runs with its own values', async () => {
    const a = await createHousehold(t.app.deps, { members: [{ surname: 'Ashdown' }] });
    const b = await createHousehold(t.app.deps, { members: [{ surname: 'Birchall' }] });
    const db = t.app.deps.db;
    assert.deepEqual((await personByName(db, 'Ashdown', 5)).map((r) => r.id), [a.people[0].personId]);
    assert.deepEqual((await personByName(db, 'Birchall', 5)).map((r) => r.id), [b.people[0].personId]);
    assert.deepEqual(await personByName(db, 'Nobody', 5), []);
    // Inside a transaction, on the same database, it runs on the transaction's connection.
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ surname: 'Ashdown-Lee' }).where('id', '=', a.people[0].personId).execute();
      assert.deepEqual(await personByName(trx, 'Ashdown', 5), []);
    });
  });

  test('a value that is not a parameter is refused at once, not run with the stand-in', async () => {
    // Written into the SQL text instead of bound: the kept SQL would hold the first value for ever.
    const literal = reusableQuery((db, surname: string) => db.selectFrom('people').select('id').where(sql<boolean>`surname = ${sql.raw(`'${String(surname)}'`)}`));
    await assert.rejects(literal(t.app.deps.db, 'Ashdown'), /a value was not a parameter/);
  });

  test('another database gets SQL of its own', async () => {
    const other = openDatabase('sqlite::memory:');
    try {
      await migrateToLatest(other.db, other.engine);
      assert.deepEqual(await personByName(other.db, 'Birchall', 5), []);
      assert.equal((await personByName(t.app.deps.db, 'Birchall', 5)).length, 1);
    } finally {
      await other.close();
    }
  });
});
