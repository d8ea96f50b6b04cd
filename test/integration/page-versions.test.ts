import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { WATCHED_TABLES } from '../../src/db/page-versions.ts';
import { LedgerService } from '../../src/features/money/ledger.service.ts';
import { MoneyRepository } from '../../src/features/money/money.repository.ts';
import { recordAudit } from '../../src/lib/audit.ts';
import { createBlock, createHousehold, type Household } from '../helpers/factories.ts';
import { createRepair } from '../helpers/repair-factory.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('page versions: every write a kept page shows raises the version of the people it concerns', { skip }, () => {
  let t: TestApp;
  let home: Household;
  let blockNeighbour: Household;
  let neighbour: Household;
  let blockId: number;
  let repairId: number;
  let communalRepairId: number;
  let ledger: LedgerService;
  const lead = () => home.people[0].personId;
  const joint = () => home.people[1].personId;
  const inBlock = () => blockNeighbour.people[0].personId;
  const other = () => neighbour.people[0].personId;

  const version = async (personId: number) =>
    Number((await t.app.deps.db.selectFrom('page_versions').select('version').where('person_id', '=', personId).executeTakeFirst())?.version ?? 0);

  /** Runs `write` and checks that it raised the version of each of `raised`, and left the neighbours' alone. */
  async function raises(raised: number[], write: () => Promise<unknown>, what: string): Promise<void> {
    const untouched = [other(), inBlock()].filter((p) => !raised.includes(p));
    const before = await Promise.all([...raised, ...untouched].map(version));
    await write();
    const now = await Promise.all([...raised, ...untouched].map(version));
    raised.forEach((personId, i) => assert.ok(now[i] > before[i], `${what}: person ${personId} went from ${before[i]} to ${now[i]}`));
    untouched.forEach((personId, i) => assert.equal(now[raised.length + i], before[raised.length + i], `${what}: neighbour ${personId}'s version must not move`));
  }

  before(async () => {
    t = await createTestApp();
    const deps = t.app.deps;
    ledger = new LedgerService(deps.db, () => t.clock.now());
    blockId = await createBlock(deps, 'Heron Court');
    home = await createHousehold(deps, { members: [{}, {}], parentId: blockId });
    blockNeighbour = await createHousehold(deps, { parentId: blockId });
    neighbour = await createHousehold(deps);
  });
  after(() => t.close());

  test('inserts, by the code paths that make them', async () => {
    const db = t.app.deps.db;
    const now = t.clock.now();
    const at = now.toISOString();
    const household = [lead(), joint()];
    await raises(household, () => ledger.openAccount(home.agreementId, { paymentMethod: 'Direct Debit' }), 'a rent account opened');
    await raises(household, () => ledger.post(home.agreementId, [{ date: '2026-11-16', type: 'payment', description: 'Payment', amountPence: -5000 }]), 'a payment posted');
    const money = new MoneyRepository(db);
    await raises(household, () => money.addCharge(home.agreementId, { kind: 'rent', description: 'Rent', amountPence: 10000, frequency: 'weekly', effectiveFrom: '2026-04-06' }), 'a charge');
    await raises(household, () => money.addBenefit(home.agreementId, { kind: 'Housing Benefit', amountPence: 2000, frequency: 'weekly', effectiveFrom: '2026-04-06' }), 'a benefit contribution');
    await raises(household, async () => (repairId = (await createRepair(t.app.deps, home, { status: 'reported' })).id), 'a repair logged, with its first history row');
    await raises(household, () => db.insertInto('work_orders').values({ repair_id: repairId, reference: 'WO-PV-1', contractor_name: 'Fixers', contractor_phone: '0300 000 0000', trade: 'Plumbing', target_date: '2026-12-01', status: 'issued', appointment_date: null, appointment_slot: null, created_at: at, updated_at: at }).execute(), 'a work order');
    await raises(household, () => db.insertInto('repair_photos').values({ repair_id: repairId, stored_name: 'pv-test.jpg', content_type: 'image/jpeg', size_bytes: 10, width: 1, height: 1, uploaded_by_person_id: lead(), created_at: at }).execute(), 'a photo');
    // A communal repair of the block: on the reporter's agreement, at the block, so every home in it sees it.
    await raises([lead(), joint(), inBlock()], async () => {
      const r = await createRepair(t.app.deps, { ...home, propertyId: blockId }, { status: 'reported' });
      communalRepairId = r.id;
    }, 'a communal repair');
    await raises([lead(), joint(), inBlock()], () => db.insertInto('repair_status_history').values({ repair_id: communalRepairId, status: 'assigned', note: null, actor_type: 'staff', at }).execute(), "a communal repair's history");
    await raises([lead()], () => recordAudit(db, now, { actorType: 'tenant', actorId: lead(), personId: lead(), action: 'signed_in', detail: {} }), 'an audit event');
    await raises([lead()], () => db.insertInto('communications').values({ person_id: lead(), agreement_id: home.agreementId, kind: 'message', title: 'Hello', body: 'Hi', pdf: null, letter_id: null, idempotency_key: null, created_at: at, read_at: null }).execute(), 'a message');
    await raises([lead()], () => db.insertInto('letters').values({ person_id: lead(), agreement_id: home.agreementId, kind: 'registration', title: 'Your code', pdf: new Uint8Array([37, 80, 68, 70]), created_at: at, post_by: '2026-11-24' }).execute(), 'a letter');
    await raises([lead()], () => db.insertInto('contact_details').values({ person_id: lead(), method: 'mobile_phone', value: '07700 900123', start_date: '2026-11-01', end_date: null, created_at: at, updated_at: at }).execute(), 'a phone number');
    const garage = await createHousehold(t.app.deps);
    await raises([lead(), garage.people[0].personId], () => db.insertInto('agreement_members').values({ agreement_id: garage.agreementId, person_id: lead(), role: 'joint' }).execute(), 'joining another agreement: the newcomer and those already on it');
  });

  test('updates of a row of every watched table', async () => {
    const db = t.app.deps.db;
    const household = [lead(), joint()];
    const where: Record<string, [column: string, value: number, people: number[]]> = {
      person: ['person_id', lead(), [lead()]],
      'person itself': ['id', joint(), household],
      membership: ['person_id', joint(), household],
      agreement: ['agreement_id', home.agreementId, household],
      'agreement itself': ['id', home.agreementId, household],
      'property itself': ['id', home.propertyId, household],
      'repair itself': ['id', repairId, household],
      repair: ['repair_id', repairId, household],
    };
    for (const [table, link] of Object.entries(WATCHED_TABLES)) {
      const [column, value, people] = where[link];
      // Setting a column to itself still fires the triggers, and leaves the data as it was.
      const write = () => sql`update ${sql.table(table)} set ${sql.ref(column)} = ${sql.ref(column)} where ${sql.ref(column)} = ${value}`.execute(db);
      let affected = 0;
      await raises(people, async () => (affected = Number((await write()).numAffectedRows ?? 0)), `an update of ${table}`);
      assert.ok(affected > 0, `${table} had a row of the household to update`);
    }
    await raises([lead(), joint(), inBlock()], () => db.updateTable('properties').set({ address_line1: 'Heron Court North' }).where('id', '=', blockId).execute(), "the block's name");
    await raises([lead(), joint(), inBlock()], () => db.updateTable('repairs').set({ status: 'assigned' }).where('id', '=', communalRepairId).execute(), 'a communal repair moving on');
  });

  test('a row moved from one household to another raises both', async () => {
    const db = t.app.deps.db;
    const moveRepair = (to: Household) => db.updateTable('repairs').set({ property_id: to.propertyId, agreement_id: to.agreementId }).where('id', '=', repairId).execute();
    await raises([lead(), joint(), inBlock()], () => moveRepair(blockNeighbour), 'a repair moved to the flat next door');
    await raises([lead(), joint(), inBlock()], () => moveRepair(home), 'and moved back');
    const moveMember = (to: Household) => db.updateTable('agreement_members').set({ agreement_id: to.agreementId }).where('person_id', '=', joint()).where('agreement_id', '=', to === home ? neighbour.agreementId : home.agreementId).execute();
    await raises([joint(), lead(), other()], () => moveMember(neighbour), 'a tenant moved to another agreement: they, those left and those joined');
    await raises([joint(), lead(), other()], () => moveMember(home), 'and moved back');
  });

  test('deletes', async () => {
    const db = t.app.deps.db;
    await raises([lead(), joint()], () => db.deleteFrom('rent_transactions').where('agreement_id', '=', home.agreementId).execute(), 'transactions deleted');
    await raises([lead(), joint()], () => db.deleteFrom('repair_photos').where('repair_id', '=', repairId).execute(), 'a photo deleted');
    await raises([lead()], () => db.deleteFrom('communications').where('person_id', '=', lead()).execute(), 'a message deleted');
    await raises([lead(), joint()], () => db.deleteFrom('agreement_members').where('person_id', '=', joint()).execute(), 'a tenant leaving the agreement: they and those who stay');
  });

  test('a person can be deleted: their version goes with them, and none is made for them again', async () => {
    const db = t.app.deps.db;
    const { id } = await db.insertInto('people').values({ title: null, forenames: 'Gone', surname: 'Soon', date_of_birth: '1990-01-01', created_at: t.clock.now().toISOString() }).returning('id').executeTakeFirstOrThrow();
    assert.ok((await version(id)) > 0, 'a new person has a version');
    await db.deleteFrom('people').where('id', '=', id).execute();
    assert.equal(await db.selectFrom('people').select('id').where('id', '=', id).executeTakeFirst(), undefined);
    assert.equal(await version(id), 0, 'no version row is left for someone gone');
  });
});
