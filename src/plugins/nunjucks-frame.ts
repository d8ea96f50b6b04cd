import nunjucks from 'nunjucks';

type FrameLike = { variables: Record<string, unknown>; resolve(name: string, forWrite: boolean): FrameLike | undefined; set(name: string, val: unknown, resolveUp?: boolean): void };
type FrameSet = (this: FrameLike, name: string, val: unknown, resolveUp?: boolean) => void;

/** Names are written in templates (loop variables, `{% set %}`, macro arguments): a few hundred. */
const MOST_NAMES = 10_000;

/**
 * Nunjucks sets eight variables on every turn of a `{% for %}` (`loop.index`, `loop.first`…), and
 * its Frame.set splits each name on "." every time. Drawing captured page contexts 3,000 times,
 * half of them with the split kept, put that split at a fifth to a third of a page's rendering
 * (the transactions page: 75 → 54 µs). This keeps each name's parts; the rest is Nunjucks' own
 * code, unchanged. Applied only where Frame.set is still the one this was written against
 * (Nunjucks 3.2), so an upgrade that changes it is left alone.
 */
export function keepFrameNameParts(): boolean {
  const frame = (nunjucks.runtime as unknown as { Frame?: { prototype: { set: FrameSet & { keepsParts?: boolean } } } }).Frame;
  const original = frame?.prototype.set;
  if (!frame || !original) return false;
  if (original.keepsParts) return true;
  if (!/name\.split\('\.'\)/.test(original.toString())) return false;
  const parts = new Map<string, string[]>();
  const set: FrameSet & { keepsParts?: boolean } = function (this: FrameLike, name, val, resolveUp) {
    let names = parts.get(name);
    if (!names) {
      if (parts.size >= MOST_NAMES) parts.clear();
      parts.set(name, (names = name.split('.')));
    }
    let obj = this.variables;
    if (resolveUp) {
      const owner = this.resolve(names[0], true);
      if (owner) {
        owner.set(name, val);
        return;
      }
    }
    for (let i = 0; i < names.length - 1; i++) {
      const id = names[i];
      if (!obj[id]) obj[id] = {};
      obj = obj[id] as Record<string, unknown>;
    }
    obj[names[names.length - 1]] = val;
  };
  set.keepsParts = true;
  frame.prototype.set = set;
  return true;
}
