import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed.ts';

interface Answer {
  status: number;
  body: string;
  cookies: string[];
  location: string | undefined;
}

/** One request on a connection of its own, so the primary hands each to a worker in turn. */
function send(port: number, path: string, options: { method?: string; cookie?: string; form?: Record<string, string> } = {}): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        agent: false,
        headers: { connection: 'close', ...(options.cookie ? { cookie: options.cookie } : {}), ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]), location: res.headers.location }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('worker processes', () => {
  let dir: string;
  let port: number;
  let server: ChildProcess;
  let output = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-workers-'));
    port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', WEB_CONCURRENCY: '2', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'w.sqlite')}`, LOG_LEVEL: 'info' };
    // No APP_SECRET: outside production the secret is random, and the workers must still share it.
    delete env.APP_SECRET;
    server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('(2 worker processes)')) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('both workers serve, and a form from one is accepted by the other', async () => {
    for (let i = 0; i < 6; i++) {
      const page = await send(port, '/sign-in');
      assert.equal(page.status, 200);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(token);
      const signedIn = await send(port, '/sign-in', { method: 'POST', cookie: page.cookies.join('; '), form: { _csrf: token, identifier: 'alex.morgan', password: DEMO_PASSWORD } });
      assert.equal(signedIn.status, 303, `sign-in ${i} answered ${signedIn.status}`);
      assert.equal(signedIn.location, '/dashboard');
    }
    const pids = new Set([...output.matchAll(/"pid":(\d+)[^\n]*"url":"\/sign-in"/g)].map((m) => m[1]));
    assert.equal(pids.size, 2, `requests were served by ${pids.size} process(es)`);
    assert.ok(!pids.has(String(server.pid)), 'the primary serves nothing itself');
  });

  test('SIGTERM stops the workers and then the primary, cleanly', async () => {
    const pids = [...new Set([...output.matchAll(/"pid":(\d+)/g)].map((m) => Number(m[1])))];
    server.kill('SIGTERM');
    const [code] = (await once(server, 'exit')) as [number | null];
    assert.equal(code, 0);
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `process ${pid} is still running`);
  });
});
