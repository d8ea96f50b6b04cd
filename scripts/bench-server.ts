import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The app as it runs in production, in its own process: NODE_ENV=production (no demo seeding,
 * production argon2 cost and caching), with placeholder secrets and a mail server that is never
 * reached (nothing the benchmark does sends mail). Request logging is turned down to warnings so
 * the figures measure the app rather than a terminal. Like production, it runs a worker process per
 * core unless `workers` says otherwise.
 */
export async function startServer(databaseUrl: string, port: number, workers: number | null = null): Promise<RunningServer> {
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      APP_SECRET: 'bench-only-secret-bench-only-secret-0123',
      SMTP_URL: 'smtp://127.0.0.1:2',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      // Unset, the server runs as production does: a worker process per core.
      ...(workers ? { WEB_CONCURRENCY: String(workers) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped with exit code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('the server did not answer /health within a minute');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      // Requests whose client has gone (the last run's queue) still finish in the server; stopping
      // under them would fail them against a closed database and log errors that are not the app's.
      await settle(url);
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until the server answers /health promptly again, or ten seconds. */
async function settle(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const started = performance.now();
    await fetch(`${url}/health`).catch(() => undefined);
    if (performance.now() - started < 20) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
