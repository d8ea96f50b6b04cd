import { notFound } from './http-error.ts';

/** A record id from a URL: anything but a plain positive integer is simply not found. */
export function idParam(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) throw notFound();
  const id = Number(value);
  if (id > 2_147_483_647) throw notFound();
  return id;
}
