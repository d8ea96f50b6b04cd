import { randomBytes } from 'node:crypto';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata, type OutputInfo } from 'sharp';

export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Pixels sharp will decode: a 40-megapixel photo is bigger than any phone takes; a "bomb" is refused from its header. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Stored photos are scaled down to fit this box: plenty for an operative, and a fraction of the bytes. */
const MAX_EDGE = 2560;

const ALLOWED = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
type Kind = keyof typeof ALLOWED;

export interface StoredPhoto {
  storedName: string;
  contentType: string;
  sizeBytes: number;
  width: number;
  height: number;
}

export class PhotoRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Outside the web root (never under src/assets), so a file is only reachable through a route that checks who asks. */
export function uploadsDir(): string {
  return resolve(process.env.UPLOADS_DIR ?? 'data/uploads');
}

const STORED_NAME = /^[a-f0-9]{32}\.(jpg|png|webp)$/;

/**
 * Checks an upload by its content (not its name or the browser's type), re-encodes it so EXIF,
 * GPS and any other metadata are gone, and stores it under a random name. Nothing is written
 * unless the photo is accepted.
 */
export async function storePhoto(data: Buffer): Promise<StoredPhoto> {
  if (data.length === 0) throw new PhotoRefused(400, 'Select a photo');
  if (data.length > MAX_PHOTO_BYTES) throw new PhotoRefused(413, 'The selected file must be smaller than 10MB');
  const sniffed = await fileTypeFromBuffer(data);
  const kind = Object.keys(ALLOWED).find((k) => k === sniffed?.ext) as Kind | undefined;
  if (!kind) throw new PhotoRefused(415, 'The selected file must be a JPG, PNG or WebP photo');

  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    throw new PhotoRefused(415, 'The selected file could not be read as a photo. Try a different photo');
  }
  // Refused from the header alone, before a single pixel is decoded.
  if (!meta.width || !meta.height || meta.width * meta.height > MAX_INPUT_PIXELS || (meta.pages ?? 1) > 1) {
    throw new PhotoRefused(413, 'The selected photo has too many pixels. Take a smaller photo or reduce its size');
  }

  let output: { data: Buffer; info: OutputInfo };
  try {
    // rotate() applies the EXIF orientation to the pixels, since the EXIF itself is dropped.
    const pipeline = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true });
    const encoded = kind === 'png' ? pipeline.png() : kind === 'webp' ? pipeline.webp({ quality: 82 }) : pipeline.jpeg({ quality: 82, mozjpeg: true });
    output = await encoded.toBuffer({ resolveWithObject: true });
  } catch {
    throw new PhotoRefused(415, 'The selected file could not be read as a photo. Try a different photo');
  }

  const dir = uploadsDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const storedName = `${randomBytes(16).toString('hex')}.${kind}`;
  await writeFile(join(dir, storedName), output.data, { flag: 'wx', mode: 0o600 });
  return { storedName, contentType: ALLOWED[kind], sizeBytes: output.data.length, width: output.info.width, height: output.info.height };
}

export async function readPhoto(storedName: string): Promise<Buffer> {
  if (!STORED_NAME.test(storedName)) throw new Error('not a stored photo name');
  return readFile(join(uploadsDir(), storedName));
}

export async function deletePhoto(storedName: string): Promise<void> {
  if (!STORED_NAME.test(storedName)) return;
  await unlink(join(uploadsDir(), storedName)).catch(() => undefined);
}
