import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStatementPdf, type StatementContent } from '../../src/lib/pdf/statement-pdf.ts';
import { pdfText } from '../helpers/pdf.ts';

function statement(lines: number): StatementContent {
  let balance = 12_000;
  return {
    landlordName: 'Brookvale Homes',
    landlordAddress: '1 Mill Lane, Brookvale BV1 1AA',
    landlordPhone: '0300 555 0100',
    tenantName: 'Mx Sam Example',
    address: ['Flat 2', '7 Orchard Row', 'Brookvale', 'BV2 4CD'],
    reference: '41000001',
    accountType: 'Rent account',
    from: '2025-11-24',
    to: '2026-11-23',
    issuedAt: new Date('2026-11-23T10:00:00Z'),
    openingBalancePence: balance,
    lines: Array.from({ length: lines }, (_, i) => {
      const payment = i % 4 === 3;
      const amountPence = payment ? -40_000 : 10_250;
      balance += amountPence;
      const description = payment ? 'Payment by Direct Debit, thank you' : i === 5 ? 'A long adjustment description that must wrap onto a second line of its column to fit' : 'Weekly rent and service charge';
      return { date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, description, amountPence, balancePence: balance };
    }),
    closingBalancePence: balance,
  };
}

test('fonts shared between documents draw exactly the PDF that pdfkit draws on its own', async () => {
  // Several in turn, so later documents draw with what earlier ones left in the shared fonts.
  for (const n of [0, 7, 160, 7, 30]) {
    const content = statement(n);
    const shared = await renderStatementPdf(content);
    const plain = await renderStatementPdf(content, { shareFonts: false });
    assert.ok(shared.equals(plain), `${n} lines: the bytes differ`);
  }
});

test('the long description wraps and every amount is in the text', async () => {
  const content = statement(12);
  const { text } = await pdfText(await renderStatementPdf(content));
  // On two lines: the text reads with a line break inside the description.
  assert.match(text, /A long adjustment description that must wrap onto a\n[^\n]*second line of its column to fit/);
  assert.match(text, /£102\.50/);
  assert.match(text, /£400\.00/);
});
