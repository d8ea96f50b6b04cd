import type { FastifyReply, FastifyRequest } from 'fastify';
import { keptAnswers } from '../lib/kept-answers.ts';
import { hmac, randomToken, safeEqual } from '../lib/tokens.ts';

/**
 * CSRF protection by signed double submit: a random secret lives in an HttpOnly cookie and every
 * form carries HMAC(app secret, cookie secret). A cross-site page can neither read the cookie nor
 * forge the HMAC. The secret is replaced at sign-in and sign-out, so forms rendered before then
 * are refused.
 */
/** What randomToken() makes: 32 random bytes in base64url. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export class Csrf {
  readonly cookieName: string;
  /** Every signed-in page carries a form (Sign out), so a browser's token is worked out once, not on every page. */
  private readonly tokens = keptAnswers((secret) => hmac(this.appSecret, secret));
  constructor(
    private readonly appSecret: string,
    private readonly secure: boolean,
  ) {
    this.cookieName = secure ? '__Host-doorstep-csrf' : 'doorstep-csrf';
  }

  private secretOf(request: FastifyRequest, reply: FastifyReply): string {
    const pending = (reply as unknown as { csrfSecret?: string }).csrfSecret;
    if (pending) return pending;
    const existing = request.cookies[this.cookieName];
    if (existing && SECRET.test(existing)) return existing;
    return this.rotate(reply);
  }

  /** The token for forms on this response. */
  token(request: FastifyRequest, reply: FastifyReply): string {
    return this.tokens(this.secretOf(request, reply));
  }

  /** New secret: at sign-in and sign-out. */
  rotate(reply: FastifyReply): string {
    const secret = randomToken();
    (reply as unknown as { csrfSecret?: string }).csrfSecret = secret;
    reply.setCookie(this.cookieName, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.secure });
    return secret;
  }

  verify(request: FastifyRequest): boolean {
    const secret = request.cookies[this.cookieName];
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    if (!secret || typeof sent !== 'string') return false;
    // Only well-formed secrets are kept: a cookie of any other shape cannot fill the keep.
    return safeEqual(sent, SECRET.test(secret) ? this.tokens(secret) : hmac(this.appSecret, secret));
  }
}
