import { PDFParse } from 'pdf-parse';

/** The text of a PDF and its page count, as a reader's copy-and-paste would give it. */
export async function pdfText(data: Uint8Array): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: Buffer.from(data) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}
