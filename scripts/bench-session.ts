import { DEMO_PASSWORD } from '../src/seed/demo-seed.ts';
import { referenceFor, usernameFor } from '../src/seed/scale-data.ts';

/** A signed-in tenant as the benchmark uses it: their cookies and the pages worth asking for. */
export interface BenchTenant {
  username: string;
  cookie: string;
  reference: string;
  /** A token for the statement form, bound to this tenant's CSRF cookie. */
  csrf: string;
  /** The oldest page of their transactions, reached by following "Older" links (keyset cursors). */
  deepPath: string;
  pagesDeep: number;
  /** One of the household's own repairs, for the repair page (null on a database seeded without repairs). */
  repairReference: string | null;
}

class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; body: string; location: string | null }> {
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: this.cookie, ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;
const olderLink = (html: string) => /href="([^"]*[?&](?:amp;)?older=[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? null;

export async function signInTenant(base: string, household: number): Promise<BenchTenant> {
  const browser = new Browser(base);
  const username = usernameFor(household);
  const form = await browser.request('/sign-in');
  const token = csrfOf(form.body);
  if (!token) throw new Error('no CSRF token on /sign-in');
  const signedIn = await browser.request('/sign-in', { method: 'POST', form: { identifier: username, password: DEMO_PASSWORD, _csrf: token } });
  if (signedIn.status !== 303 || signedIn.location !== '/dashboard') throw new Error(`signing in as ${username} answered ${signedIn.status} ${signedIn.location ?? ''}`);

  const reference = referenceFor(household);
  let deepPath = `/agreements/${reference}/transactions`;
  let page = await browser.request(deepPath);
  if (page.status !== 200) throw new Error(`${deepPath} answered ${page.status}`);
  let pagesDeep = 1;
  for (let next = olderLink(page.body); next; next = olderLink(page.body)) {
    deepPath = next;
    page = await browser.request(next);
    if (page.status !== 200) throw new Error(`${next} answered ${page.status}`);
    pagesDeep++;
  }
  const statement = await browser.request(`/agreements/${reference}/statement`);
  const csrf = csrfOf(statement.body);
  if (statement.status !== 200 || !csrf) throw new Error(`the statement form for ${reference} answered ${statement.status}`);
  const repairs = await browser.request('/repairs');
  if (repairs.status !== 200) throw new Error(`My Repairs for ${username} answered ${repairs.status}`);
  const repairReference = /href="\/repairs\/(R\d{7,})"/.exec(repairs.body)?.[1] ?? null;
  return { username, cookie: browser.cookie, reference, csrf, deepPath, pagesDeep, repairReference };
}

/**
 * Tenants spread evenly through the first `spreadOver` households (every fifth has an account):
 * through the whole landlord in a single run, so it reads from across the database; through the
 * smaller landlord when two sizes are compared, so both serve the very same households (whose
 * histories, and so statements, are identical at any size) and only the data around them differs.
 */
export async function signInTenants(base: string, spreadOver: number, count: number): Promise<BenchTenant[]> {
  const households = new Set<number>();
  for (let k = 0; k < count; k++) households.add(Math.floor((k * spreadOver) / count / 5) * 5);
  const tenants: BenchTenant[] = [];
  for (const household of households) tenants.push(await signInTenant(base, household));
  return tenants;
}
