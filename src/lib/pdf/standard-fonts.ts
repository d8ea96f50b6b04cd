import PDFDocument from 'pdfkit';
import { batchPageContent } from './batched-content.ts';

/**
 * pdfkit builds a standard font's metrics (a table of thousands of kerning pairs) again for every
 * document, and encodes and measures each string glyph by glyph, with kerning, every time it is
 * drawn. A statement draws the same dates, amounts and words row after row, and every statement
 * uses the same three fonts: here each font's metrics are built once per process, and a string's
 * width and (for short strings) encoding in a font are kept, so the same text is worked out once.
 *
 * This reaches into pdfkit's internals (its font objects and the document's font table, which its
 * type definitions do not describe). The unit tests draw each document with and without it and
 * require the same bytes, so a pdfkit release that changes these internals fails there, not in use.
 */

/** The standard fonts Doorstep's documents use. */
const NAMES = new Set<string>(['Helvetica', 'Helvetica-Bold', 'Courier-Bold']);

/**
 * What is kept per font, each keep emptied when full. An encoding holds an object per character, so
 * only short strings are kept (dates, amounts, headings, the usual descriptions: what statements
 * repeat), and fewer of them; a width is one number.
 */
const KEPT_ENCODINGS = 2_000;
const LONGEST_KEPT_ENCODING = 24;
const KEPT_WIDTHS = 20_000;

interface Metrics {
  ascender: number;
  descender: number;
  bbox: number[];
  lineGap: number;
  xHeight: number;
  capHeight: number;
}
/** pdfkit's StandardFont, as far as this module touches it. */
interface FontObject extends Metrics {
  document: unknown;
  name: string;
  id: string;
  font: Metrics;
  encode(text: string, features?: unknown): [string[], unknown[]];
  widthOfString(text: string, size: number, features?: unknown): number;
}
/** The document's font table and counter (pdfkit's FontsMixin). */
interface FontTable {
  _fontFamilies: Record<string, FontObject>;
  _fontCount: number;
}

const prototypes = new Map<string, FontObject>();

/** A prototype for `name`'s per-document font objects: pdfkit's own, with the metrics built once and memory of what it drew. */
function sharedPrototype(name: string): FontObject {
  let shared = prototypes.get(name);
  if (shared) return shared;
  // A document that is never ended: only its font object is wanted.
  const sample = (new PDFDocument({ font: name, autoFirstPage: false }) as unknown as { _font: FontObject })._font;
  const pdfkitFont = Object.getPrototypeOf(sample) as FontObject;
  const encodings = new Map<string, [string[], unknown[]]>();
  const widths = new Map<string, number>();
  shared = Object.create(pdfkitFont) as FontObject;
  shared.font = sample.font;
  shared.encode = function (this: FontObject, text: string, features?: unknown) {
    if (features !== undefined || text.length > LONGEST_KEPT_ENCODING) return pdfkitFont.encode.call(this, text, features);
    let found = encodings.get(text);
    if (!found) {
      if (encodings.size >= KEPT_ENCODINGS) encodings.clear();
      // pdfkit only reads what encode answers (it copies before changing), so one answer serves every call.
      found = pdfkitFont.encode.call(this, text);
      encodings.set(text, found);
    }
    return found;
  };
  shared.widthOfString = function (this: FontObject, text: string, size: number, features?: unknown) {
    if (features !== undefined) return pdfkitFont.widthOfString.call(this, text, size, features);
    const key = `${size} ${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      if (widths.size >= KEPT_WIDTHS) widths.clear();
      width = pdfkitFont.widthOfString.call(this, text, size);
      widths.set(key, width);
    }
    return width;
  };
  prototypes.set(name, shared);
  return shared;
}

/** What pdfkit's StandardFont constructor sets, with the metrics it would have built shared instead. */
function fontFor(doc: FontTable, name: string): FontObject {
  const shared = sharedPrototype(name);
  const font = Object.create(shared) as FontObject;
  font.document = doc;
  font.name = name;
  font.id = `F${++doc._fontCount}`;
  const { ascender, descender, bbox, lineGap, xHeight, capHeight } = shared.font;
  Object.assign(font, { ascender, descender, bbox, lineGap, xHeight, capHeight });
  return font;
}

/**
 * A pdfkit document whose standard fonts share their metrics and memory with every other document
 * of this process, and whose pages' content is turned into bytes once a page (batched-content.ts).
 * It draws the same bytes as `new PDFDocument(options)`; `share: false` gives exactly that
 * document, for the tests that compare the two.
 */
export function pdfDocument(options: PDFKit.PDFDocumentOptions, { share = true } = {}): PDFKit.PDFDocument {
  if (!share) return new PDFDocument(options);
  // No default font: pdfkit would build Helvetica's metrics before this could hand them over.
  const doc = new PDFDocument({ ...options, font: null as unknown as string });
  const table = doc as unknown as FontTable;
  const font = doc.font.bind(doc) as (src: unknown, family?: unknown, size?: unknown) => PDFKit.PDFDocument;
  // pdfkit's font() takes a font from the document's table when it is there.
  doc.font = ((src: unknown, family?: unknown, size?: unknown) => {
    if (typeof src === 'string' && NAMES.has(src) && !table._fontFamilies[src]) table._fontFamilies[src] = fontFor(table, src);
    return font(src, family, size);
  }) as PDFKit.PDFDocument['font'];
  // As pdfkit's own start: Helvetica is the first font (F1), at 12 points.
  doc.font('Helvetica');
  batchPageContent(doc);
  return doc;
}
