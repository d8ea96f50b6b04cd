import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hasher, normaliseAnswer, passwordProblem } from '../../src/lib/passwords.ts';

describe('password rules', () => {
  test('at least 12 characters, no composition rules', () => {
    assert.equal(passwordProblem(''), 'Enter a password');
    assert.equal(passwordProblem('short-one'), 'Password must be 12 characters or more');
    assert.equal(passwordProblem('correct horse battery'), null);
    assert.equal(passwordProblem('alllowercaselettershere'), null);
    assert.equal(passwordProblem('x'.repeat(257)), 'Password must be 256 characters or fewer');
  });

  test('common and breached passwords are refused, with trailing digits too', () => {
    assert.match(passwordProblem('qwerty123456')!, /commonly used/);
    assert.match(passwordProblem('1q2w3e4r5t6y')!, /commonly used/);
    assert.match(passwordProblem('sunshine2024!')!, /commonly used/);
  });

  test('repetitive passwords are refused', () => {
    assert.match(passwordProblem('aaaaaaaaaaaaaa')!, /repeats/);
    assert.match(passwordProblem('abababababab')!, /repeats/);
  });

  test('passwords made of the person’s names or words about the service are refused', () => {
    assert.match(passwordProblem('HousingTenant1', [])!, /words about this service/);
    assert.match(passwordProblem('priyapatel1980', ['Priya', 'Patel'])!, /your name/);
    assert.equal(passwordProblem('priya-walks-the-dog', ['Priya', 'Patel']), null);
  });

  test('argon2id hashes verify only the right secret, and bad hashes fail closed', async () => {
    const hasher = new Hasher({ memoryCost: 1024, timeCost: 2 });
    const hash = await hasher.hash('kettle-harbour-lantern');
    assert.match(hash, /^\$argon2id\$/);
    assert.equal(await hasher.verify(hash, 'kettle-harbour-lantern'), true);
    assert.equal(await hasher.verify(hash, 'kettle-harbour-lantern '), false);
    assert.equal(await hasher.verify('not-a-hash', 'anything'), false);
    assert.equal(await hasher.verify(null, 'anything'), false);
  });

  test('secret answers ignore case and spacing', () => {
    assert.equal(normaliseAnswer('  Hillside   Primary '), 'hillside primary');
  });
});
