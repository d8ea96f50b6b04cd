import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.ts';

/**
 * A small browser stand-in over `inject`: keeps cookies, reads the CSRF token from the last page
 * and posts forms with it.
 */
export class Agent {
  private cookies = new Map<string, string>();
  private csrf: string | null = null;
  last: LightMyRequestResponse | null = null;

  constructor(private readonly app: App) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (token) this.csrf = token[1];
    this.last = res;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.remember(res);
    return res;
  }

  /** Posts a form; fetches `from` first when given, to pick up its CSRF token. */
  async post(url: string, form: Record<string, string>, options: { from?: string; csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    if (options.from) await this.get(options.from);
    const body = new URLSearchParams({ ...form });
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null && token !== undefined) body.set('_csrf', token);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(res);
    return res;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }
}

/** Text of the GOV.UK error summary's links, for asserting messages. */
export function errorSummary(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1].trim());
}
