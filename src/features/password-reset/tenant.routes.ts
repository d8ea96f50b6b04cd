import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AltchaService } from './altcha.service.ts';
import { forgottenRoutes } from './forgotten.routes.ts';
import { PasswordResetService } from './password-reset.service.ts';
import { resetRoutes } from './reset.routes.ts';

/**
 * The ALTCHA widget, served from the package: the "external" build keeps its styles in a
 * stylesheet and its workers in files, so it runs under a CSP without 'unsafe-inline' or blob:.
 */
const WIDGET_FILES: Record<string, { file: string; type: string }> = {
  '/assets/altcha/altcha.js': { file: 'node_modules/altcha/dist/external/altcha.min.js', type: 'text/javascript; charset=utf-8' },
  '/assets/altcha/altcha.css': { file: 'node_modules/altcha/dist/external/altcha.css', type: 'text/css; charset=utf-8' },
  '/assets/altcha/pbkdf2-worker.js': { file: 'node_modules/altcha/dist/workers/pbkdf2.js', type: 'text/javascript; charset=utf-8' },
};

/** Forgotten password: email and proof of work, emailed single-use link, secret question, new password. */
export async function passwordResetRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts;
  for (const [path, { file, type }] of Object.entries(WIDGET_FILES)) {
    const content = readFileSync(resolve(file));
    app.get(path, async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').type(type).send(content));
  }
  const resets = new PasswordResetService(deps);
  await app.register(forgottenRoutes, { deps, resets, altcha: new AltchaService(deps) });
  await app.register(resetRoutes, { deps, resets });
}
