import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import helmet, { type HelmetOptions } from 'helmet';
import { helmetHeaders } from '../../src/plugins/security-headers.ts';

const options: HelmetOptions = {
  contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'sha256-abc'"], upgradeInsecureRequests: null } },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
  crossOriginEmbedderPolicy: false,
};

/** The headers Helmet's middleware sets on a real response, read by a real client. */
async function fromRealResponse(opts: HelmetOptions): Promise<Record<string, string>> {
  const middleware = helmet(opts);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => middleware(req, res, () => res.end()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const ignored = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
    return Object.fromEntries([...res.headers].filter(([name]) => !ignored.has(name)));
  } finally {
    server.close();
  }
}

test('the headers worked out once are the ones Helmet sets on a real response', async () => {
  const once = helmetHeaders(options);
  assert.deepEqual(once, await fromRealResponse(options));
  assert.match(once['content-security-policy'], /script-src 'self' 'sha256-abc'/);
  assert.match(once['strict-transport-security'], /max-age=31536000/);
});

test('a directive that depends on the request is refused at start', () => {
  const perRequest = { contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-x'"] } } };
  assert.throws(() => helmetHeaders(perRequest), /depends on the request/);
});
