import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { BuiltAssets } from './assets.ts';

const YEAR = 'public, max-age=31536000, immutable';

/** Compiled CSS and logo (fingerprinted), govuk-frontend's scripts and our small enhancement script. */
export async function assetRoutes(app: FastifyInstance, opts: { assets: BuiltAssets }): Promise<void> {
  const { assets } = opts;
  app.get(`/assets/${assets.cssFile}`, (_req, reply) => reply.header('cache-control', YEAR).type('text/css; charset=utf-8').send(assets.css));
  app.get(`/assets/${assets.logoFile}`, (_req, reply) => reply.header('cache-control', YEAR).type(assets.logoType).send(assets.logo));
  await app.register(fastifyStatic, {
    root: resolve('src/assets/public'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    maxAge: 3_600_000,
  });
  await app.register(fastifyStatic, {
    root: resolve('node_modules/govuk-frontend/dist/govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    index: false,
    allowedPath: (path) => path === '/govuk-frontend.min.js',
    maxAge: 86_400_000,
  });
}
