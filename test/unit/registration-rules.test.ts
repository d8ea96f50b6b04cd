import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readCodeForm, readWithoutCodeForm } from '../../src/features/registration/registration.forms.ts';
import { SECRET_QUESTIONS, isSecretQuestion } from '../../src/features/registration/secret-questions.ts';
import { usernameBase, usernameCandidates, usernameProblem } from '../../src/features/registration/usernames.ts';
import { sameName } from '../../src/features/registration/without-code.service.ts';

describe('registration rules', () => {
  test('usernames are built from the first forename and the surname, in plain letters', () => {
    assert.equal(usernameBase('Siân Mary', "O'Neill-Jones"), 'sian.oneill-jones');
    assert.equal(usernameBase('Jo', 'Li'), 'jo.li');
    assert.equal(usernameBase('Ø', 'X'), 'tenant.x', 'too short a name is padded to something valid');
    for (const name of [usernameBase('Siân', 'de la Cruz'), ...usernameCandidates('alex.morgan', 5)]) assert.equal(usernameProblem(name), null, name);
    const candidates = usernameCandidates('alex.morgan', 5);
    assert.equal(candidates[0], 'alex.morgan');
    assert.equal(candidates.length, 5);
  });

  test('a username may not look like an email address or start with punctuation', () => {
    assert.match(usernameProblem('me@example.com')!, /only include/);
    assert.match(usernameProblem('.dot')!, /start with a letter or a number/);
    assert.match(usernameProblem('ab')!, /3 characters or more/);
    assert.match(usernameProblem('a'.repeat(41))!, /40 characters or fewer/);
    assert.equal(usernameProblem('alex_morgan-2'), null);
  });

  test('names match on the surname and the first forename, whatever the case, accents and punctuation', () => {
    const tenant = { forenames: 'Siân Mary', surname: "O'Neill-Jones" };
    assert.ok(sameName(tenant, { forenames: 'sian', surname: 'ONeill Jones' }));
    assert.ok(sameName(tenant, { forenames: 'SIÂN MARY', surname: "o'neill-jones" }));
    assert.ok(!sameName(tenant, { forenames: 'Mary', surname: "O'Neill-Jones" }));
    assert.ok(!sameName(tenant, { forenames: 'Sian', surname: 'Jones' }));
    assert.ok(!sameName({ forenames: '', surname: 'Lee' }, { forenames: '', surname: 'Lee' }));
  });

  test('the code form accepts a code typed with spaces and small letters', () => {
    const { form } = readCodeForm({ 'dob-day': '5', 'dob-month': '6', 'dob-year': '1980', reference: ' 1234 5678 ', code: 'k7pm 9qtx r4wa' }, '2026-11-23');
    assert.deepEqual(form, { dateOfBirth: '1980-06-05', reference: '12345678', code: 'K7PM9QTXR4WA' });
  });

  test('the email typed when registering without a code is kept only as a note', () => {
    const base = { forenames: 'Ann', surname: 'Lee', 'dob-day': '1', 'dob-month': '2', 'dob-year': '1970', reference: '12345678' };
    assert.equal(readWithoutCodeForm({ ...base, contact: 'letter', email: ' Ann@Example.com ' }, '2026-11-23').form?.typedEmail, 'ann@example.com');
    assert.equal(readWithoutCodeForm({ ...base, contact: 'email', email: '' }, '2026-11-23').form?.typedEmail, null);
  });

  test('the secret questions are a fixed list', () => {
    assert.ok(SECRET_QUESTIONS.length >= 5);
    assert.ok(isSecretQuestion(SECRET_QUESTIONS[0]));
    assert.ok(!isSecretQuestion('What is your PIN?'));
  });
});
