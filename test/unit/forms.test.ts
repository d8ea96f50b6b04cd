import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FormErrors, isEmail, normaliseUkPhone, parseDateInput } from '../../src/lib/forms.ts';

const rule = { name: 'dob', label: 'Date of birth', missing: 'Enter your date of birth', past: true, today: '2026-11-23' };
const parse = (day: string, month: string, year: string) => {
  const errors = new FormErrors();
  const value = parseDateInput({ 'dob-day': day, 'dob-month': month, 'dob-year': year }, rule, errors);
  return { value, message: errors.first(), href: errors.view().list[0]?.href };
};

describe('GOV.UK date input', () => {
  test('a real date in the past', () => assert.deepEqual(parse('7', '3', '1985'), { value: '1985-03-07', message: undefined, href: undefined }));
  test('all empty', () => assert.equal(parse('', '', '').message, 'Enter your date of birth'));
  test('a missing part is named and linked', () => {
    assert.deepEqual(parse('7', '', '1985'), { value: null, message: 'Date of birth must include a month', href: '#dob-month' });
    assert.equal(parse('', '', '1985').message, 'Date of birth must include a day and month');
  });
  test('impossible dates', () => {
    assert.equal(parse('31', '2', '1990').message, 'Date of birth must be a real date');
    assert.equal(parse('29', '2', '2023').message, 'Date of birth must be a real date');
    assert.equal(parse('1', '13', '1990').message, 'Date of birth must be a real date');
    assert.equal(parse('aa', '1', '1990').message, 'Date of birth must be a real date');
    assert.equal(parse('1', '1', '90').message, 'Date of birth must be a real date');
  });
  test('29 February in a leap year is real', () => assert.equal(parse('29', '2', '2024').value, '2024-02-29'));
  test('the future is refused for a date of birth', () => assert.equal(parse('1', '1', '2030').message, 'Date of birth must be in the past'));
});

describe('contact values', () => {
  test('UK phone numbers', () => {
    assert.equal(normaliseUkPhone('07700 900 982'), '07700900982');
    assert.equal(normaliseUkPhone('(01632) 960-001'), '01632960001');
    assert.equal(normaliseUkPhone('+44 7700 900982'), '07700900982');
    assert.equal(normaliseUkPhone('12345'), null);
    assert.equal(normaliseUkPhone('0770090098212'), null);
  });
  test('email addresses', () => {
    assert.equal(isEmail('name@example.com'), true);
    assert.equal(isEmail('name@example'), false);
    assert.equal(isEmail('<script>@x.com'), false);
    assert.equal(isEmail(`${'a'.repeat(250)}@example.com`), false);
  });
});
