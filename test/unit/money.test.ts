import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addMonths, parseCursor, parseRangeFilter, parseStatementRequest, periodRange } from '../../src/features/money/money.schemas.ts';
import { balanceInWords, convertFrequency, formatBalance, formatPence, runningBalances } from '../../src/lib/money.ts';
import { prng } from '../../src/seed/demo-data.ts';

describe('money wording', () => {
  test('pence are shown as pounds with two places and thousands grouped', () => {
    assert.equal(formatPence(1240), '£12.40');
    assert.equal(formatPence(5), '£0.05');
    assert.equal(formatPence(0), '£0.00');
    assert.equal(formatPence(-300), '£3.00');
    assert.equal(formatPence(123456789), '£1,234,567.89');
    assert.throws(() => formatPence(1.5));
  });

  test('pounds are grouped exactly as en-GB number formatting groups them, at every length', () => {
    const intl = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
    const random = prng(7);
    const samples = [0, 1, 99, 100, 999, 1000, 99_999, 100_000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(random() * 10 ** Math.floor(random() * 16)));
    for (const pence of samples) {
      const whole = Math.trunc(pence / 100);
      assert.equal(formatPence(pence), `£${intl.format(whole)}.${String(pence % 100).padStart(2, '0')}`, String(pence));
    }
  });

  test('the balance is said in words', () => {
    assert.equal(balanceInWords(1240), 'You owe £12.40');
    assert.equal(balanceInWords(-300), 'You are £3.00 in credit');
    assert.equal(balanceInWords(0), 'Your account is clear');
    assert.equal(formatBalance(1240), '£12.40 owed');
    assert.equal(formatBalance(-300), '£3.00 in credit');
    assert.equal(formatBalance(0), '£0.00');
  });

  test('charges convert between weekly, four-weekly and monthly, rounding half-pennies up', () => {
    assert.equal(convertFrequency(10000, 'weekly', 'monthly'), 43333);
    assert.equal(convertFrequency(10000, 'weekly', 'four_weekly'), 40000);
    assert.equal(convertFrequency(43333, 'monthly', 'weekly'), 10000);
    assert.equal(convertFrequency(40000, 'four_weekly', 'weekly'), 10000);
    assert.equal(convertFrequency(1, 'four_weekly', 'weekly'), 0);
    assert.equal(convertFrequency(2, 'four_weekly', 'weekly'), 1);
    assert.equal(convertFrequency(-2, 'four_weekly', 'weekly'), -1);
  });
});

describe('running balances (property-based)', () => {
  test('every running balance is the opening balance plus the sum so far, for 500 random histories', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const random = prng(seed);
      const opening = Math.floor(random() * 200_000) - 100_000;
      const amounts = Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 40_000) - 20_000);
      const balances = runningBalances(opening, amounts);
      assert.equal(balances.length, amounts.length);
      let sum = 0;
      for (const [i, a] of amounts.entries()) {
        sum += a;
        assert.equal(balances[i], opening + sum, `seed ${seed}, posting ${i}`);
      }
    }
  });
});

describe('dates for statements and filters', () => {
  const today = '2026-11-23';

  test('months are added without running past the end of a shorter month', () => {
    assert.equal(addMonths('2026-05-31', -3), '2026-02-28');
    assert.equal(addMonths('2024-05-31', -3), '2024-02-29');
    assert.equal(addMonths('2026-01-15', -12), '2025-01-15');
    assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
  });

  test('fixed periods, with financial years from April to March', () => {
    assert.deepEqual(periodRange('last-3-months', today), { from: '2026-08-24', to: today });
    assert.deepEqual(periodRange('last-12-months', today), { from: '2025-11-24', to: today });
    assert.deepEqual(periodRange('this-financial-year', today), { from: '2026-04-01', to: today });
    assert.deepEqual(periodRange('last-financial-year', today), { from: '2025-04-01', to: '2026-03-31' });
    assert.deepEqual(periodRange('this-financial-year', '2026-03-31'), { from: '2025-04-01', to: '2026-03-31' });
    assert.deepEqual(periodRange('last-financial-year', '2026-02-10'), { from: '2024-04-01', to: '2025-03-31' });
  });

  const messages = (query: Record<string, string>) => parseRangeFilter(query, today).errors.view().list.map((e) => e.text);

  test('an empty filter is no filter', () => {
    const { range, errors } = parseRangeFilter({}, today);
    assert.ok(errors.empty);
    assert.deepEqual(range, { from: null, to: null });
  });

  test('each bad filter gets its own message', () => {
    assert.deepEqual(messages({ 'from-day': '31', 'from-month': '2', 'from-year': '2026' }), ['Start date must be a real date']);
    assert.deepEqual(messages({ 'from-day': '1', 'from-month': '', 'from-year': '2026' }), ['Start date must include a month']);
    assert.deepEqual(messages({ 'to-day': '1', 'to-month': '', 'to-year': '' }), ['End date must include a month and year']);
    assert.deepEqual(messages({ 'to-day': '1', 'to-month': '1', 'to-year': '3026' }), ['End date must be today or in the past']);
    assert.deepEqual(messages({ 'from-day': '24', 'from-month': '11', 'from-year': '2026' }), ['Start date must be today or in the past']);
    assert.deepEqual(messages({ 'from-day': 'x', 'from-month': '<b>', 'from-year': '20266' }), ['Start date must be a real date']);
    assert.deepEqual(messages({ 'from-day': '2', 'from-month': '3', 'from-year': '2026', 'to-day': '1', 'to-month': '3', 'to-year': '2026' }), ['End date must be the same as or after the start date']);
  });

  test('the statement form needs a period, and both dates for a custom one', () => {
    const texts = (body: Record<string, string>) => parseStatementRequest(body, today).errors.view().list.map((e) => e.text);
    assert.deepEqual(texts({}), ['Select the period you want a statement for']);
    assert.deepEqual(texts({ period: 'last-99-years' }), ['Select the period you want a statement for']);
    assert.deepEqual(texts({ period: 'custom' }), ['Enter the start date', 'Enter the end date']);
    assert.deepEqual(parseStatementRequest({ period: 'last-6-months' }, today).range, { from: '2026-05-24', to: today });
  });

  test('page cursors must be exactly a date and a posting number', () => {
    assert.deepEqual(parseCursor('2026-03-02_123'), { date: '2026-03-02', seq: 123 });
    assert.equal(parseCursor(undefined), null);
    for (const bad of ['2026-03-02', '2026-03-02_0', "2026-03-02_1' OR 1=1", '_1', ['a']]) assert.equal(parseCursor(bad), 'invalid');
  });
});
