import type { z } from 'zod';

/**
 * Form errors in the shape the GOV.UK error summary and field macros take:
 * the summary links to `href`, each field shows `fields[name].text`.
 */
export class FormErrors {
  private readonly items: Array<{ field: string; text: string; href: string }> = [];

  add(field: string, text: string, href = `#${field}`): this {
    if (!this.has(field)) this.items.push({ field, text, href });
    return this;
  }
  has(field: string): boolean {
    return this.items.some((i) => i.field === field);
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
  first(): string | undefined {
    return this.items[0]?.text;
  }
  /** What templates receive: `errors.list` for the summary, `errors.fields.x.text` for fields. */
  view(): ErrorView {
    return {
      list: this.items.map(({ text, href }) => ({ text, href })),
      fields: Object.fromEntries(this.items.map(({ field, text }) => [field, { text }])),
    };
  }
  addZod(error: z.ZodError): this {
    for (const issue of error.issues) this.add(String(issue.path[0] ?? 'form'), issue.message);
    return this;
  }
}

export interface ErrorView {
  list: Array<{ text: string; href: string }>;
  fields: Record<string, { text: string }>;
}

export type FormBody = Record<string, string>;

/** Flattens a form post to single strings; a field sent twice keeps its first value. */
export function formBody(body: unknown): FormBody {
  const out: FormBody = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const v = Array.isArray(value) ? value[0] : value;
    out[key] = typeof v === 'string' ? v : '';
  }
  return out;
}

/** Copies what the person typed back into the form, leaving out secrets. */
export function keepValues(body: FormBody, secrets: readonly string[] = []): FormBody {
  const out: FormBody = {};
  for (const [k, v] of Object.entries(body)) if (!secrets.includes(k) && k !== '_csrf') out[k] = v;
  return out;
}

export interface DateRule {
  /** Field name prefix: `dob` reads `dob-day`, `dob-month`, `dob-year`. */
  name: string;
  /** Sentence-start label, like "Date of birth". */
  label: string;
  /** The message when all three parts are empty. */
  missing: string;
  past?: boolean;
  notBefore?: { date: string; message: string };
  notAfter?: { date: string; message: string };
  today: string;
}

/** GOV.UK date input rules: says which part is missing, and whether the date is real. */
export function parseDateInput(body: FormBody, rule: DateRule, errors: FormErrors): string | null {
  const parts = { day: (body[`${rule.name}-day`] ?? '').trim(), month: (body[`${rule.name}-month`] ?? '').trim(), year: (body[`${rule.name}-year`] ?? '').trim() };
  const empty = (Object.keys(parts) as Array<keyof typeof parts>).filter((k) => parts[k] === '');
  if (empty.length === 3) {
    errors.add(rule.name, rule.missing, `#${rule.name}-day`);
    return null;
  }
  if (empty.length > 0) {
    const names = empty.length === 2 ? `a ${empty[0]} and ${empty[1]}` : `a ${empty[0]}`;
    errors.add(rule.name, `${rule.label} must include ${names}`, `#${rule.name}-${empty[0]}`);
    return null;
  }
  const nums = [parts.day, parts.month, parts.year].map((p) => (/^\d{1,4}$/.test(p) ? Number(p) : NaN));
  const [day, month, year] = nums;
  if (nums.some(Number.isNaN) || parts.year.length !== 4) {
    errors.add(rule.name, `${rule.label} must be a real date`, `#${rule.name}-day`);
    return null;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 1900) {
    errors.add(rule.name, `${rule.label} must be a real date`, `#${rule.name}-day`);
    return null;
  }
  const iso = date.toISOString().slice(0, 10);
  if (rule.past && iso >= rule.today) {
    errors.add(rule.name, `${rule.label} must be in the past`, `#${rule.name}-day`);
    return null;
  }
  if (rule.notBefore && iso < rule.notBefore.date) {
    errors.add(rule.name, rule.notBefore.message, `#${rule.name}-day`);
    return null;
  }
  if (rule.notAfter && iso > rule.notAfter.date) {
    errors.add(rule.name, rule.notAfter.message, `#${rule.name}-day`);
    return null;
  }
  return iso;
}

/** The parts of an ISO date for refilling a date input. */
export function dateParts(name: string, iso: string | null | undefined): FormBody {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[a-z]{2,}$/i;
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** A stored (digits only) UK number spaced as people read it: 07700 900123, 020 7946 0000, 0121 496 0000, 01632 960001. */
export function formatUkPhone(digits: string): string {
  if (!/^0\d{9,10}$/.test(digits)) return digits;
  if (digits.length === 10) return `${digits.slice(0, 5)} ${digits.slice(5)}`;
  if (/^02/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  if (/^(011|01\d1|0[389])/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  return `${digits.slice(0, 5)} ${digits.slice(5)}`;
}

/** UK phone numbers: 10 or 11 digits starting 0, or +44 and 9 or 10 digits; spaces, dashes and brackets allowed. */
export function normaliseUkPhone(value: string): string | null {
  const digits = value.replace(/[\s\-()]/g, '');
  if (/^0\d{9,10}$/.test(digits)) return digits;
  if (/^\+44\d{9,10}$/.test(digits)) return `0${digits.slice(3)}`;
  return null;
}
