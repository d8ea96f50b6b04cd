import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../../lib/clock.ts';
import { DAY, HOUR, MINUTE } from '../../lib/clock.ts';
import { hashToken, randomToken } from '../../lib/tokens.ts';
import { SessionRepository, type SessionRow } from './session.repository.ts';

/** Timeouts (ASVS 3.3.2): signed in, 30 minutes idle and 12 hours in all; "remember me" 30 days. */
export const SESSION_TIMEOUTS = {
  idle: 30 * MINUTE,
  absolute: 12 * HOUR,
  rememberIdle: 30 * DAY,
  rememberAbsolute: 30 * DAY,
  /** last_seen_at is written at most this often, so reading pages costs no write. */
  touchEvery: MINUTE,
};

export class Session {
  private row: SessionRow | null;
  private token: string | null = null;
  private values: Record<string, unknown>;
  dirty = false;
  /** Set when the cookie must be sent or cleared on this response. */
  cookieChange: 'set' | 'clear' | null = null;

  constructor(row: SessionRow | null) {
    this.row = row;
    this.values = row ? (JSON.parse(row.data) as Record<string, unknown>) : {};
  }

  /** The signed-in tenant's account (tenant portal sessions). */
  get accountId(): number | null {
    return this.row?.account_id ?? null;
  }
  /** The signed-in member of staff (back-office sessions). */
  get staffId(): number | null {
    return this.row?.staff_id ?? null;
  }
  /**
   * The row as the portal's session query read it, with any columns read beside the session's own
   * (see SessionQuery); a session made since (at sign-in) has none.
   */
  get joined(): Record<string, unknown> | null {
    return this.row as unknown as Record<string, unknown> | null;
  }
  get idHash(): string | null {
    return this.row?.id_hash ?? null;
  }
  get remember(): boolean {
    return this.row?.remember === 1;
  }
  get<T>(key: string): T | undefined {
    return this.values[key] as T | undefined;
  }
  set(key: string, value: unknown): void {
    this.values[key] = value;
    this.dirty = true;
  }
  unset(key: string): void {
    if (key in this.values) {
      delete this.values[key];
      this.dirty = true;
    }
  }
  /** @internal used by the plugin */
  state() {
    return { row: this.row, token: this.token, values: this.values };
  }
  /** @internal */
  replace(row: SessionRow | null, token: string | null): void {
    this.row = row;
    this.token = token;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    session: Session;
  }
  interface FastifyInstance {
    sessions: SessionManager;
  }
}

export type SessionKind = 'tenant' | 'staff';

export class SessionManager {
  readonly cookieName: string;
  constructor(
    readonly repo: SessionRepository,
    private readonly clock: Clock,
    private readonly secure: boolean,
    /** Tenant and staff sessions live apart: their own cookie, and rows of one kind are never read as the other. */
    readonly kind: SessionKind = 'tenant',
  ) {
    // __Host- pins the cookie to this host and path over HTTPS; browsers refuse it over plain HTTP.
    const base = kind === 'staff' ? 'doorstep-staff' : 'doorstep';
    this.cookieName = secure ? `__Host-${base}` : base;
  }

  async load(request: FastifyRequest): Promise<Session> {
    const token = request.cookies[this.cookieName];
    if (!token || token.length > 100) return new Session(null);
    const row = await this.repo.find(hashToken(token));
    if (!row || row.kind !== this.kind) return new Session(null);
    const now = this.clock.now().getTime();
    const idle = row.remember ? SESSION_TIMEOUTS.rememberIdle : SESSION_TIMEOUTS.idle;
    if (now > Date.parse(row.expires_at) || now - Date.parse(row.last_seen_at) > idle) {
      await this.repo.delete(row.id_hash);
      const s = new Session(null);
      s.cookieChange = 'clear';
      return s;
    }
    const session = new Session(row);
    session.replace(row, token);
    return session;
  }

  /**
   * Signs the session in as `accountId` under a new id, destroying the old row, so an id planted
   * before sign-in (session fixation) is worthless afterwards.
   */
  async signIn(session: Session, subjectId: number, remember: boolean): Promise<void> {
    const { row } = session.state();
    if (row) await this.repo.delete(row.id_hash);
    const now = this.clock.now();
    const token = randomToken();
    remember = remember && this.kind === 'tenant';
    const fresh: SessionRow = {
      id_hash: hashToken(token),
      kind: this.kind,
      account_id: this.kind === 'tenant' ? subjectId : null,
      staff_id: this.kind === 'staff' ? subjectId : null,
      data: '{}',
      remember: remember ? 1 : 0,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + (remember ? SESSION_TIMEOUTS.rememberAbsolute : SESSION_TIMEOUTS.absolute)).toISOString(),
    };
    await this.repo.insert(fresh);
    session.replace(fresh, token);
    for (const key of Object.keys(session.state().values)) session.unset(key);
    session.dirty = false;
    session.cookieChange = 'set';
  }

  async destroy(session: Session): Promise<void> {
    const { row } = session.state();
    if (row) await this.repo.delete(row.id_hash);
    session.replace(null, null);
    session.dirty = false;
    session.cookieChange = 'clear';
  }

  /** Writes flow data (and creates an anonymous session for it) once the handler is done. */
  async persist(session: Session, reply: FastifyReply): Promise<void> {
    const { row, values } = session.state();
    const now = this.clock.now();
    if (session.dirty) {
      if (row) {
        await this.repo.update(row.id_hash, { data: JSON.stringify(values), last_seen_at: now.toISOString() });
      } else if (Object.keys(values).length > 0) {
        const token = randomToken();
        const fresh: SessionRow = {
          id_hash: hashToken(token),
          kind: this.kind,
          account_id: null,
          staff_id: null,
          data: JSON.stringify(values),
          remember: 0,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 2 * HOUR).toISOString(),
        };
        await this.repo.insert(fresh);
        session.replace(fresh, token);
        session.cookieChange = 'set';
      }
      session.dirty = false;
    } else if (row && now.getTime() - Date.parse(row.last_seen_at) > SESSION_TIMEOUTS.touchEvery) {
      await this.repo.update(row.id_hash, { last_seen_at: now.toISOString() });
    }
    this.writeCookie(session, reply);
  }

  private writeCookie(session: Session, reply: FastifyReply): void {
    const { row, token } = session.state();
    const base = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: this.secure };
    if (session.cookieChange === 'set' && row && token) {
      reply.setCookie(this.cookieName, token, row.remember ? { ...base, maxAge: SESSION_TIMEOUTS.rememberAbsolute / 1000 } : base);
    } else if (session.cookieChange === 'clear') {
      reply.clearCookie(this.cookieName, base);
    }
    session.cookieChange = null;
  }
}

export const sessionPlugin = fp(async (app: FastifyInstance, opts: { manager: SessionManager }) => {
  app.decorate('sessions', opts.manager);
  app.decorateRequest('session', null as unknown as Session);
  app.addHook('onRequest', async (request) => {
    request.session = await opts.manager.load(request);
  });
  // preSerialization does not run for strings; onSend runs for every reply, including errors.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.session) await opts.manager.persist(request.session, reply);
    return payload;
  });
});
