import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { deletePhoto, uploadsDir } from './repair-photos.ts';

/** A journey's photos wait in the session until the repair is logged; a day is far longer than any journey. */
export const ORPHAN_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes photos that were uploaded during a journey never finished (the session ended first):
 * files older than `olderThanMs` that no repair refers to. Returns how many went.
 */
export async function sweepOrphanPhotos(db: Kysely<Database>, now: Date, olderThanMs = ORPHAN_AGE_MS): Promise<number> {
  const dir = uploadsDir();
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!/^[a-f0-9]{32}\.(jpg|png|webp)$/.test(name)) continue;
    const info = await stat(join(dir, name)).catch(() => null);
    if (!info || now.getTime() - info.mtimeMs < olderThanMs) continue;
    const used = await db.selectFrom('repair_photos').select('id').where('stored_name', '=', name).executeTakeFirst();
    if (used) continue;
    await deletePhoto(name);
    removed += 1;
  }
  return removed;
}
