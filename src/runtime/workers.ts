import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.ts';

/** A worker that stops this soon after it started is failing to start, not crashing in service. */
const STARTUP_GRACE_MS = 10_000;

/**
 * Starts `config.workers` server processes on one port and keeps them running: a worker that
 * dies in service is replaced; one that cannot start stops the whole server, since the next one
 * would fail the same way. SIGINT and SIGTERM are passed on, and the primary leaves when all are done.
 */
export function superviseWorkers(config: Config): void {
  // Every worker must sign CSRF tokens with the same secret, including the random one of development.
  process.env.APP_SECRET = config.appSecret;
  let stopping = false;
  let exitCode = 0;
  let listening = 0;
  /** When each worker started, and whether it is the one sending the outbox's mail. */
  const started = new Map<Worker, { at: number; sendsMail: boolean }>();

  const start = (sendsMail: boolean) => {
    const worker = cluster.fork({ DOORSTEP_WORKER: sendsMail ? '1' : '0' });
    started.set(worker, { at: Date.now(), sendsMail });
    worker.once('listening', () => {
      listening++;
      if (listening === config.workers) {
        console.log(`Doorstep for ${config.landlord.name} is at http://${config.host}:${config.port} (${config.workers} worker processes)`);
      }
    });
  };
  // The first worker sends the outbox's mail; a replacement for it takes the job on.
  for (let i = 0; i < config.workers; i++) start(i === 0);

  cluster.on('exit', (worker, code, signal) => {
    const { at, sendsMail } = started.get(worker) ?? { at: 0, sendsMail: false };
    const ranFor = Date.now() - at;
    started.delete(worker);
    if (stopping) {
      if (started.size === 0) process.exit(exitCode);
      return;
    }
    console.error(`Worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}) after ${Math.round(ranFor / 1000)} s.`);
    if (ranFor < STARTUP_GRACE_MS) {
      console.error('It stopped while starting, so the server stops too.');
      exitCode = 1;
      stop('SIGTERM');
      return;
    }
    start(sendsMail);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then stopping.`);
    for (const worker of started.keys()) worker.process.kill(signal);
    // Workers give themselves ten seconds; this is the backstop.
    const force = setTimeout(() => process.exit(1), 12_000);
    force.unref();
    if (started.size === 0) process.exit(exitCode);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
