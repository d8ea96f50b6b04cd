import cluster from 'node:cluster';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/dialect.ts';

/**
 * Serves the app in this process until SIGINT or SIGTERM, then finishes the requests in flight.
 * Only one process runs the mail worker: the outbox's leases make more safe, but not useful.
 */
export async function serve(config: Config, options: { mailWorker: boolean }): Promise<void> {
  const { db, engine, close } = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  const app = await buildApp({ config, db, engine });
  if (options.mailWorker) app.deps.mail.start();
  await app.listen({ port: config.port, host: config.host });
  if (cluster.isPrimary) {
    console.log(`Doorstep for ${config.landlord.name} is at http://${config.host}:${config.port} (${engine})`);
    if (!config.smtpUrl && config.env === 'development') console.log(`No SMTP_URL: mail is shown at http://${config.host}:${config.port}/dev/outbox`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    if (cluster.isPrimary) console.log(`${signal}: finishing requests in flight, then stopping.`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
