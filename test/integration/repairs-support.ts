import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.ts';
import { Agent } from '../helpers/agent.ts';
import type { TestAccount } from '../helpers/factories.ts';

/** Photos go to a directory of their own per test run, never the real uploads directory. */
export function useTempUploads(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-uploads-'));
  process.env.UPLOADS_DIR = dir;
  return dir;
}

export async function signIn(app: App, account: TestAccount): Promise<Agent> {
  const agent = new Agent(app);
  await agent.post('/sign-in', { identifier: account.email, password: account.password }, { from: '/sign-in' });
  return agent;
}

export interface JourneyAnswers {
  /** The agreement reference of the home, for a person asked "Which address?". */
  home?: string;
  location?: string;
  area?: string;
  item?: string;
  problem?: string;
  damp?: Record<string, string>;
  description?: string;
}

/** Answers every page up to "Check your answers"; returns the check page. */
export async function answerJourney(agent: Agent, a: JourneyAnswers = {}): Promise<LightMyRequestResponse> {
  await agent.post('/repairs/new', { emergency: 'none' }, { from: '/repairs/new' });
  if (a.home !== undefined) await agent.post('/repairs/new/home', { home: a.home }, { from: '/repairs/new/home' });
  await agent.post('/repairs/new/where', { location: a.location ?? 'home' }, { from: '/repairs/new/where' });
  await agent.post('/repairs/new/area', { area: a.area ?? 'kitchen' }, { from: '/repairs/new/area' });
  await agent.post('/repairs/new/item', { item: a.item ?? 'tap' }, { from: '/repairs/new/item' });
  const problem = await agent.post('/repairs/new/problem', { problem: a.problem ?? 'dripping' }, { from: '/repairs/new/problem' });
  if (problem.headers.location === '/repairs/new/damp') await agent.post('/repairs/new/damp', a.damp ?? { extent: 'large', duration: 'months', health: 'yes' }, { from: '/repairs/new/damp' });
  await agent.post('/repairs/new/describe', { description: a.description ?? 'The cold tap in the kitchen drips all night.' }, { from: '/repairs/new/describe' });
  await agent.post('/repairs/new/photos/continue', {}, { from: '/repairs/new/photos' });
  await agent.post('/repairs/new/access', { days: 'monday', times: 'morning', accessNotes: 'Friendly dog' }, { from: '/repairs/new/access' });
  return agent.get('/repairs/new/check');
}

export const keyOf = (html: string) => /name="key" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Logs the repair from the check page; returns its reference. */
export async function submit(agent: Agent, checkPage: LightMyRequestResponse): Promise<string> {
  const res = await agent.post('/repairs/new/check', { key: keyOf(checkPage.body) });
  const match = /^\/repairs\/(R\d+)\/confirmation$/.exec(String(res.headers.location));
  if (!match) throw new Error(`submit did not confirm: ${res.statusCode} ${res.headers.location ?? res.body.slice(0, 300)}`);
  return match[1];
}

/** A multipart/form-data body with fields and at most one file, as a browser sends it. */
export function multipartBody(fields: Record<string, string>, file?: { field?: string; filename: string; type: string; data: Buffer }) {
  const boundary = `----doorstep${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'photo'}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Sends a photo from the photos page, with the session's cookies and the page's CSRF token. */
export async function uploadPhoto(app: App, agent: Agent, file: { filename: string; type: string; data: Buffer } | undefined, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
  const page = await agent.get('/repairs/new/photos');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const { payload, contentType } = multipartBody(options.csrf === false ? {} : { _csrf: token }, file);
  const cookie = ['doorstep', 'doorstep-csrf'].map((n) => `${n}=${agent.cookie(n) ?? ''}`).join('; ');
  return app.inject({ method: 'POST', url: '/repairs/new/photos', headers: { cookie, 'content-type': contentType }, payload });
}
