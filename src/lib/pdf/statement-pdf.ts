import { formatBalance, formatPence } from '../money.ts';
import { pdfDocument } from './standard-fonts.ts';
import { longDateText, numericDateText } from '../date-text.ts';

export interface StatementLine {
  date: string;
  description: string;
  /** Signed: positive increases what is owed. */
  amountPence: number;
  balancePence: number;
}

export interface StatementContent {
  landlordName: string;
  landlordAddress: string;
  landlordPhone: string;
  tenantName: string;
  address: string[];
  reference: string;
  accountType: string;
  from: string;
  to: string;
  /** When the statement was made; also the PDF's creation date, so the same input gives the same bytes. */
  issuedAt: Date;
  openingBalancePence: number;
  lines: StatementLine[];
  closingBalancePence: number;
}

const LEFT = 50;
const COLS = { date: LEFT, description: LEFT + 70, charges: LEFT + 290, credits: LEFT + 360, balance: LEFT + 430 };
const WIDTHS = { date: 66, description: 214, money: 64, balance: 65 };

/**
 * A rent statement on A4. Every string from the data (names, addresses, transaction descriptions)
 * goes in through pdfkit's text API, which encodes it as a text string: a description cannot
 * become PDF syntax, a link or a script.
 */
export function renderStatementPdf(s: StatementContent, options: { shareFonts?: boolean } = {}): Promise<Buffer> {
  const doc = pdfDocument(
    {
      size: 'A4',
      margins: { top: 50, bottom: 50, left: LEFT, right: LEFT },
      info: { Title: `Rent statement ${s.reference}`, Author: s.landlordName, CreationDate: s.issuedAt },
    },
    { share: options.shareFonts },
  );
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text(s.landlordName, { align: 'right' });
  doc.font('Helvetica').fontSize(9).text(s.landlordAddress, { align: 'right' }).text(`Telephone ${s.landlordPhone}`, { align: 'right' });
  doc.moveDown(1.5);
  doc.font('Helvetica-Bold').fontSize(16).text('Rent statement', LEFT);
  doc.font('Helvetica').fontSize(11).text(`${longDateText(s.from)} to ${longDateText(s.to)}`);
  doc.moveDown(0.8);

  const facts: Array<[string, string]> = [
    ['Tenant', s.tenantName],
    ['Address', s.address.join(', ')],
    ['Reference', s.reference],
    ['Account', s.accountType],
    ['Issued', longDateText(s.issuedAt.toISOString())],
  ];
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(10).text(label, LEFT, y, { width: 90 });
    doc.font('Helvetica').fontSize(10).text(value, LEFT + 90, y, { width: 400 });
    doc.moveDown(0.2);
  }
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(11).text(`Opening balance: ${formatBalance(s.openingBalancePence)}`, LEFT);
  doc.moveDown(0.6);

  const header = () => {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9);
    doc.text('Date', COLS.date, y, { width: WIDTHS.date });
    doc.text('Description', COLS.description, y, { width: WIDTHS.description });
    doc.text('Charges', COLS.charges, y, { width: WIDTHS.money, align: 'right' });
    doc.text('Credits', COLS.credits, y, { width: WIDTHS.money, align: 'right' });
    doc.text('Balance', COLS.balance, y, { width: WIDTHS.balance, align: 'right' });
    const line = y + 13;
    doc.moveTo(LEFT, line).lineTo(doc.page.width - LEFT, line).lineWidth(0.75).stroke();
    doc.y = line + 4;
  };
  header();

  doc.font('Helvetica').fontSize(9);
  if (s.lines.length === 0) doc.text('No transactions in this period.', LEFT, doc.y);
  for (const l of s.lines) {
    // Most descriptions fit on one line; only those that do not are measured for wrapping.
    const oneLine = doc.widthOfString(l.description) <= WIDTHS.description;
    const height = (oneLine ? 12 : Math.max(12, doc.heightOfString(l.description, { width: WIDTHS.description }))) + 3;
    if (doc.y + height > doc.page.height - 60) {
      doc.addPage();
      header();
      doc.font('Helvetica').fontSize(9);
    }
    const y = doc.y;
    // Dates and amounts never wrap: drawn without the line wrapper, right-aligned by hand.
    const right = (text: string, x: number, width: number) => {
      if (text) doc.text(text, x + width - doc.widthOfString(text), y, { lineBreak: false });
    };
    doc.text(numericDateText(l.date), COLS.date, y, { lineBreak: false });
    if (oneLine) doc.text(l.description, COLS.description, y, { lineBreak: false });
    else doc.text(l.description, COLS.description, y, { width: WIDTHS.description });
    right(l.amountPence > 0 ? formatPence(l.amountPence) : '', COLS.charges, WIDTHS.money);
    right(l.amountPence < 0 ? formatPence(l.amountPence) : '', COLS.credits, WIDTHS.money);
    right(formatBalance(l.balancePence), COLS.balance, WIDTHS.balance);
    doc.y = y + height;
  }

  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(11).text(`Closing balance: ${formatBalance(s.closingBalancePence)}`, LEFT);
  doc.moveDown(0.8);
  doc.font('Helvetica').fontSize(9).text(`Questions about this statement? Call us on ${s.landlordPhone} and quote your reference ${s.reference}.`, LEFT);
  doc.end();
  return done;
}
