import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { dateParts } from '../../src/lib/forms.ts';
import { addWorkingDays } from '../../src/lib/working-days.ts';
import { Agent, errorSummary } from '../helpers/agent.ts';
import { createAccount, createHousehold, type Household } from '../helpers/factories.ts';
import { pdfText } from '../helpers/pdf.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { createTestApp, databaseUnavailable, type TestApp } from '../helpers/test-app.ts';

const skip = await databaseUnavailable();

describe('registration without a code', { skip }, () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ smtpUrl: smtp.url });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(async () => {
    await t.app.deps.db.deleteFrom('throttles').execute();
    await t.app.deps.mail.flush();
    smtp.messages.length = 0;
  });

  const form = (h: Household, contact: 'email' | 'letter', extra: Record<string, string> = {}, member = 0) => ({
    forenames: h.people[member].forenames,
    surname: h.people[member].surname,
    ...dateParts('dob', h.people[member].dateOfBirth),
    reference: h.agreementReference,
    contact,
    email: '',
    ...extra,
  });

  async function send(values: Record<string, string>): Promise<{ res: Awaited<ReturnType<Agent['post']>>; page: string }> {
    const agent = new Agent(t.app);
    const res = await agent.post('/register/without-code', values, { from: '/register/without-code' });
    const page = res.statusCode === 303 ? (await agent.get(res.headers.location as string)).body : res.body;
    return { res, page };
  }

  const accountOf = (personId: number) => t.app.deps.db.selectFrom('accounts').selectAll().where('person_id', '=', personId).executeTakeFirst();
  const postBy = () => addWorkingDays('2026-11-23', 7, 'england-and-wales');
  /** The sent page without its per-request parts (CSRF token, nonces). */
  const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0];

  test('by email: two emails to the address on record, username first, then a temporary password', async () => {
    const h = await createHousehold(t.app.deps);
    const onRecord = h.people[0].email!;
    const { res, page } = await send(form(h, 'email', { email: 'someone.else@elsewhere.example' }));
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/register/without-code/sent');
    assert.match(page, /two emails to the email address we already hold for you/);

    const account = await accountOf(h.people[0].personId);
    assert.ok(account);
    assert.equal(account.must_change_password, 1);
    assert.equal(account.email, onRecord);
    assert.equal(account.preferred_contact, 'email');

    assert.equal(await t.app.deps.mail.flush(), 2);
    const mails = await smtp.waitFor(2);
    assert.deepEqual(mails.map((m) => m.to), [onRecord, onRecord], 'never to the address typed into the form');
    assert.match(mails[0].subject, /Your username/);
    assert.match(mails[0].text, new RegExp(`set to: ${account.username.replace('.', '\\.')}`));
    assert.doesNotMatch(mails[0].text, /temporary password is/);
    assert.match(mails[1].subject, /Your temporary password/);
    const temporary = /temporary password is: (\S+)/.exec(mails[1].text)![1];
    assert.doesNotMatch(mails[1].text, new RegExp(account.username.replace('.', '\\.')), 'the password email does not carry the username');

    const check = await t.app.deps.db.selectFrom('requests').selectAll().where('person_id', '=', h.people[0].personId).executeTakeFirstOrThrow();
    assert.equal(check.kind, 'contact_details_check', 'staff hear that the typed address differs from the one on record');
    assert.match(check.detail, /someone\.else@elsewhere\.example/);
    const audit = await t.app.deps.db.selectFrom('audit_events').selectAll().where('person_id', '=', h.people[0].personId).where('action', '=', 'registered').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(audit.detail), { method: 'without_code', delivery: 'email', letterId: null });

    const agent = new Agent(t.app);
    const signIn = await agent.post('/sign-in', { identifier: account.username, password: temporary }, { from: '/sign-in' });
    assert.equal(signIn.headers.location, '/password/new', 'the temporary password must be replaced first');
  });

  test('by letter: a PDF with both details, queued for the tenancy address, to post within 7 working days', async () => {
    const h = await createHousehold(t.app.deps);
    const { res, page } = await send(form(h, 'letter'));
    assert.equal(res.statusCode, 303);
    assert.equal(postBy(), '2026-12-02');
    assert.match(page, /We will post them to your home by <strong>2 December 2026<\/strong>/);
    const letter = await t.app.deps.db.selectFrom('letters').selectAll().where('person_id', '=', h.people[0].personId).executeTakeFirstOrThrow();
    assert.equal(letter.kind, 'registration_details');
    assert.equal(letter.post_by, '2026-12-02');
    assert.equal(letter.agreement_id, h.agreementId);
    assert.equal(letter.posted_at, null);
    const account = (await accountOf(h.people[0].personId))!;
    assert.equal(account.preferred_contact, 'letter');
    const { text } = await pdfText(letter.pdf);
    assert.match(text, new RegExp(account.username.replace('.', '\\.')));
    const temporary = /Your temporary password\s+(\S+)/.exec(text)![1];
    assert.ok(await t.app.deps.hasher.verify(account.password_hash, temporary), 'the letter holds the working temporary password');
    assert.match(text, /Test Street/);
    assert.match(text, /NB1 1AA/);
    assert.equal(await t.app.deps.mail.flush(), 0, 'no email goes out');
  });

  test('email chosen but none on record: the details go by letter instead', async () => {
    const h = await createHousehold(t.app.deps, { members: [{ email: null }] });
    const { res, page } = await send(form(h, 'email', { email: 'typed@example.com' }));
    assert.equal(res.statusCode, 303);
    assert.match(page, /we will post them to your home by <strong>2 December 2026<\/strong>/);
    assert.ok(await t.app.deps.db.selectFrom('letters').select('id').where('person_id', '=', h.people[0].personId).executeTakeFirst());
    const account = (await accountOf(h.people[0].personId))!;
    assert.equal(account.email, null, 'a typed address is never taken as the account email');
    assert.equal(await t.app.deps.mail.flush(), 0);
  });

  test('no match: the same answer, an audit event and a request for staff, and nothing sent', async () => {
    const h = await createHousehold(t.app.deps);
    const matched = await send(form(h, 'letter'));
    const unknown = await send({ ...form(h, 'letter'), surname: 'Nobody', email: 'x@example.com' });
    assert.equal(unknown.res.statusCode, 303);
    assert.equal(unknown.res.headers.location, matched.res.headers.location);
    assert.equal(main(unknown.page), main(matched.page), 'the answer does not tell a match from a miss');

    const request = await t.app.deps.db.selectFrom('requests').selectAll().where('kind', '=', 'unmatched_registration').where('summary', 'like', '%Nobody%').executeTakeFirstOrThrow();
    assert.equal(request.status, 'open');
    assert.equal(request.person_id, null);
    assert.match(request.detail, new RegExp(h.agreementReference));
    const audit = await t.app.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'registration_unmatched').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(JSON.parse(audit.detail).requestId, request.id);
    assert.equal(await t.app.deps.mail.flush(), 0, 'nothing goes to the typed address');
  });

  test('a wrong birth date or a former tenancy does not match either', async () => {
    const h = await createHousehold(t.app.deps);
    await send({ ...form(h, 'letter'), ...dateParts('dob', '1990-01-01') });
    assert.equal(await accountOf(h.people[0].personId), undefined);
    const former = await createHousehold(t.app.deps);
    await t.app.deps.db.updateTable('agreements').set({ status: 'former' }).where('id', '=', former.agreementId).execute();
    await send(form(former, 'letter'));
    assert.equal(await accountOf(former.people[0].personId), undefined);
  });

  test('names match without regard to case, spacing, accents or middle names', async () => {
    const h = await createHousehold(t.app.deps, { members: [{ forenames: 'Siân Mary', surname: "O'Neill-Jones" }] });
    await send(form(h, 'letter', { forenames: '  SIAN ', surname: 'oneill jones' }));
    assert.ok(await accountOf(h.people[0].personId));
  });

  test('every bad input gets its own message and a 400, keeping what was typed', async () => {
    const empty = await send({});
    assert.equal(empty.res.statusCode, 400);
    assert.deepEqual(errorSummary(empty.page), [
      'Enter your first name',
      'Enter your last name',
      'Enter your date of birth',
      'Enter your agreement reference, like 12345678',
      'Select how you would like us to send your sign-in details',
    ]);
    const bad = await send({ forenames: 'Ann', surname: 'Lee', 'dob-day': '30', 'dob-month': '2', 'dob-year': '1970', reference: '1234567', contact: 'email', email: 'not an email' });
    assert.equal(bad.res.statusCode, 400);
    assert.deepEqual(errorSummary(bad.page), ['Date of birth must be a real date', 'Enter your agreement reference, like 12345678', 'Enter an email address in the correct format, like name@example.com']);
    assert.match(bad.page, /value="Ann"/);
    assert.match(bad.page, /value="not an email"/);
    const long = await send({ forenames: 'A'.repeat(101), surname: 'Lee', 'dob-day': '1', 'dob-month': '2', 'dob-year': '1970', reference: '12345678', contact: 'carrier pigeon' });
    assert.deepEqual(errorSummary(long.page), ['First name must be 100 characters or fewer', 'Select how you would like us to send your sign-in details']);
  });

  test('someone already registered gets no second account; the account holder is told by email', async () => {
    const h = await createHousehold(t.app.deps);
    const existing = await createAccount(t.app.deps, h.people[0].personId);
    const { res } = await send(form(h, 'email', { email: 'attacker@example.com' }));
    assert.equal(res.statusCode, 303);
    const rows = await t.app.deps.db.selectFrom('accounts').select('id').where('person_id', '=', h.people[0].personId).execute();
    assert.equal(rows.length, 1);
    assert.equal(await t.app.deps.mail.flush(), 1);
    const [mail] = await smtp.waitFor(1);
    assert.equal(mail.to, existing.email);
    assert.match(mail.text, /You already have an account/);
    assert.ok(await t.app.deps.db.selectFrom('audit_events').select('id').where('person_id', '=', h.people[0].personId).where('action', '=', 'registration_repeated').executeTakeFirst());
  });

  test('joint tenants each register for their own account', async () => {
    const h = await createHousehold(t.app.deps, { members: [{ dateOfBirth: '1960-01-01' }, { dateOfBirth: '1962-06-06' }] });
    await send(form(h, 'letter', {}, 0));
    await send(form(h, 'letter', {}, 1));
    const a = await accountOf(h.people[0].personId);
    const b = await accountOf(h.people[1].personId);
    assert.ok(a && b);
    assert.notEqual(a.username, b.username);
  });

  test('a double-submitted request creates one account and one pair of emails', async () => {
    const h = await createHousehold(t.app.deps);
    const agent = new Agent(t.app);
    await agent.get('/register/without-code');
    const results = await Promise.all([agent.post('/register/without-code', form(h, 'email')), agent.post('/register/without-code', form(h, 'email'))]);
    assert.deepEqual(results.map((r) => r.statusCode), [303, 303]);
    const rows = await t.app.deps.db.selectFrom('accounts').select('id').where('person_id', '=', h.people[0].personId).execute();
    assert.equal(rows.length, 1);
    const credentials = await t.app.deps.db.selectFrom('outbox').select('subject').where('to_address', '=', h.people[0].email!).where('sent_at', 'is', null).execute();
    assert.equal(credentials.filter((c) => /Your (username|temporary password)/.test(c.subject)).length, 2);
  });

  test('repeated misses from one address are slowed down with a 429', async () => {
    let last;
    for (let i = 0; i < 8; i++) {
      last = await send({ forenames: 'No', surname: 'One', ...dateParts('dob', '1970-01-01'), reference: '99999999', contact: 'letter' });
      if (last.res.statusCode === 429) break;
    }
    assert.equal(last!.res.statusCode, 429);
    assert.ok(Number(last!.res.headers['retry-after']) > 0);
    assert.match(errorSummary(last!.page)[0], /too many attempts to register/);
  });

  test('the answer page without a request goes back to the form', async () => {
    assert.equal((await new Agent(t.app).get('/register/without-code/sent')).headers.location, '/register/without-code');
  });
});
