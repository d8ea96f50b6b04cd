import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../lib/http-error.ts';

interface PageError {
  status: number;
  code: string;
  title: string;
  message: string;
  retryAfter?: number;
}

function describe(err: FastifyError | HttpError): PageError {
  if (err instanceof HttpError) {
    const title = err.statusCode === 404 ? 'Page not found' : err.statusCode === 429 ? 'Too many attempts' : err.statusCode === 403 ? 'You cannot do that' : 'There is a problem';
    return { status: err.statusCode, code: err.code, title, message: err.message, retryAfter: err.retryAfterSeconds };
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return { status, code: 'too_large', title: 'What you sent is too large', message: 'What you sent is larger than we accept. Go back and send something smaller.' };
  if (status === 415) return { status, code: 'unsupported_media_type', title: 'We cannot read what you sent', message: 'We cannot accept this type of content.' };
  if (err.validation || (status >= 400 && status < 500)) return { status: status >= 400 && status < 500 ? status : 400, code: 'bad_request', title: 'There is a problem', message: 'We could not read what you sent. Go back and try again.' };
  return { status: 500, code: 'internal_error', title: 'Sorry, there is a problem with the service', message: 'Try again later. What you sent has not been saved.' };
}

/** One error handler: GOV.UK error pages for HTML, `{ error: { code, message } }` for the API. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    const e = describe(err);
    if (e.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: e.code, status: e.status }, 'request refused');
    reply.code(e.status);
    if (e.retryAfter) reply.header('retry-after', String(e.retryAfter));
    if (request.url.startsWith('/api/') || typeof reply.page !== 'function') {
      return reply.send({ error: { code: e.code, message: e.message } });
    }
    return reply.page('error.njk', { title: e.title, message: e.message, status: e.status });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404);
    if (request.url.startsWith('/api/') || typeof reply.page !== 'function') {
      return reply.send({ error: { code: 'not_found', message: 'Not found' } });
    }
    return reply.page('error.njk', { title: 'Page not found', status: 404, message: 'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.' });
  });
}
