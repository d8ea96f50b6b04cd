/**
 * pdfkit turns every drawing operator it writes to a page (each piece of text, each move, each
 * line: over a thousand on a statement's page) into a small byte array of its own, then joins them
 * all when the page ends. The arrays and their garbage were a fifth of the time a statement took to
 * draw. Here a page's operators are kept as text and turned into bytes once, when the page ends or
 * before anything written as bytes, so the page's content stream comes out the same byte for byte.
 *
 * Like the shared fonts, this reaches into pdfkit (its page's content reference, which its types do
 * not describe); the unit tests require the same bytes with and without it.
 */

/** pdfkit's PDFReference, as far as this module touches it. */
interface ContentReference {
  write(chunk: unknown): void;
  finalize(): void;
}

function batch(content: ContentReference): void {
  const write = content.write;
  const finalize = content.finalize;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    // pdfkit writes each operator followed by a line break, keeping the low byte of each character.
    const bytes = Buffer.from(`${pending.join('\n')}\n`, 'latin1');
    pending = [];
    write.call(content, bytes);
  };
  content.write = (chunk: unknown) => {
    if (typeof chunk === 'string') {
      pending.push(chunk);
      return;
    }
    flush();
    write.call(content, chunk);
  };
  content.finalize = () => {
    flush();
    finalize.call(content);
  };
}

/** Batches the content of the document's current page and of every page added after it. */
export function batchPageContent(doc: PDFKit.PDFDocument): void {
  const page = () => (doc as unknown as { page?: { content?: ContentReference } }).page?.content;
  const first = page();
  if (first) batch(first);
  doc.on('pageAdded', () => {
    const content = page();
    if (content) batch(content);
  });
}
