import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { loadConfig } from '../../src/config.ts';
import type { BuiltAssets } from '../../src/plugins/assets.ts';
import { viewsPlugin } from '../../src/plugins/views.ts';

/** The views plugin alone, with a CSRF token taken from a request header so tests can vary it. */
async function appWith(keepPages: boolean) {
  const config = { ...loadConfig({ NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32) }), keepPages };
  const app = Fastify();
  const assets = { cssFile: 'app.css', logoFile: 'logo.svg' } as BuiltAssets;
  await app.register(viewsPlugin, { config, layout: { assets, tenantMenu: [] }, csrfToken: (req) => String(req.headers['x-token'] ?? 'none') });
  const view = { balances: [], tiles: [{ href: '/balance', title: 'My Balance', body: 'You owe £12.40' }], activity: [] };
  let extra: Record<string, unknown> = {};
  app.get('/kept', async (_request, reply) => reply.keptPage('dashboard/views/dashboard.njk', 'dashboard', view, { title: 'Your account', ...extra }));
  await app.ready();
  return { app, view, setExtra: (value: Record<string, unknown>) => (extra = value) };
}

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;

test('a kept page is drawn from the kept data and still carries each request’s own part', async () => {
  const { app, view } = await appWith(true);
  const first = await app.inject({ url: '/kept', headers: { 'x-token': 'token-one' } });
  assert.equal(first.statusCode, 200);
  assert.match(first.headers['content-type'] as string, /^text\/html; charset=utf-8/);
  assert.ok(first.body.includes('You owe £12.40'));
  // Changing the kept object in place is not allowed, and shows that the second answer was kept.
  view.tiles[0].body = 'changed in place';
  const again = await app.inject({ url: '/kept', headers: { 'x-token': 'token-one' } });
  assert.equal(again.body, first.body, 'the same object and the same context: sent as kept');
  const other = await app.inject({ url: '/kept', headers: { 'x-token': 'token-two' } });
  assert.equal(tokenIn(other.body), null, 'a page without a signed-in account has no sign-out form');
  assert.ok(other.body.includes('changed in place'), 'another context (here the CSRF token) draws the page again');
  await app.close();
});

test('with KEEP_PAGES=off every visit is drawn afresh', async () => {
  const { app, view } = await appWith(false);
  await app.inject({ url: '/kept' });
  view.tiles[0].body = 'changed in place';
  assert.ok((await app.inject({ url: '/kept' })).body.includes('changed in place'));
  await app.close();
});

test('a context holding a function, or the kept data’s name taken, is refused', async () => {
  const { app, setExtra } = await appWith(true);
  setExtra({ helper: () => 'varies' });
  assert.equal((await app.inject({ url: '/kept' })).statusCode, 500);
  setExtra({ nested: { helper: () => 'varies' } });
  assert.equal((await app.inject({ url: '/kept' })).statusCode, 500);
  setExtra({ rows: new Map([['a', 1]]) });
  assert.equal((await app.inject({ url: '/kept' })).statusCode, 500, 'a Map would be written as {} whatever it holds');
  setExtra({ dashboard: { tiles: [] } });
  assert.equal((await app.inject({ url: '/kept' })).statusCode, 500);
  setExtra({});
  assert.equal((await app.inject({ url: '/kept' })).statusCode, 200);
  await app.close();
});
