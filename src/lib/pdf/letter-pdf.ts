import PDFDocument from 'pdfkit';

export interface LetterContent {
  landlordName: string;
  landlordAddress: string;
  landlordPhone: string;
  date: string;
  recipientName: string;
  recipientAddress: string[];
  title: string;
  /** Paragraphs; a `{ label, value }` pair is set as a highlighted box (codes, usernames). */
  body: Array<string | { label: string; value: string }>;
  signOff: string;
}

/**
 * A printable A4 letter, laid out for a window envelope (address block 50 mm from the top).
 * Text goes in through pdfkit's text API only, so nothing in a name or address can become PDF
 * syntax.
 */
export function renderLetterPdf(letter: LetterContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 50, bottom: 60, left: 64, right: 64 }, info: { Title: letter.title, Author: letter.landlordName } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text(letter.landlordName, { align: 'right' });
  doc.font('Helvetica').fontSize(9).text(letter.landlordAddress, { align: 'right' }).text(`Telephone ${letter.landlordPhone}`, { align: 'right' });

  doc.font('Helvetica').fontSize(11).text([letter.recipientName, ...letter.recipientAddress].join('\n'), 64, 142, { width: 260 });
  doc.text(letter.date, 64, 250, { align: 'right' });
  doc.moveDown(1.5);
  doc.font('Helvetica-Bold').fontSize(14).text(letter.title, 64);
  doc.moveDown(0.8);
  for (const part of letter.body) {
    if (typeof part === 'string') {
      doc.font('Helvetica').fontSize(11).text(part, { lineGap: 2 });
    } else {
      const y = doc.y;
      doc.rect(64, y, doc.page.width - 128, 44).lineWidth(1.5).stroke();
      doc.font('Helvetica').fontSize(10).text(part.label, 76, y + 8);
      doc.font('Courier-Bold').fontSize(15).text(part.value, 76, y + 22);
      doc.x = 64;
      doc.y = y + 52;
    }
    doc.moveDown(0.6);
  }
  doc.moveDown(1);
  doc.font('Helvetica').fontSize(11).text(letter.signOff);
  doc.end();
  return done;
}
