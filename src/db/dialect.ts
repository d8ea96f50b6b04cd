import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { WaitingSqliteDialect } from './sqlite-waiting-driver.ts';

export type Engine = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

// PostgreSQL returns BIGINT (count(*)) as a string by default; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export function engineOf(url: string): Engine {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/**
 * Opens the database named by the URL: `postgres://…` for PostgreSQL, otherwise `sqlite:<file>`
 * (or `sqlite::memory:`). `schema` puts every PostgreSQL table in one schema, which is how
 * test runs stay apart on a shared server.
 */
export function openDatabase(url: string, options: { schema?: string; poolSize?: number } = {}): OpenedDatabase {
  if (engineOf(url) === 'postgres') {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // Connections stay open once made: with an idle timeout, every query that hands its
      // connection back sets a timer and the next one clears it, for a pool that is never idle.
      idleTimeoutMillis: 0,
      options: options.schema ? `-c search_path=${options.schema}` : undefined,
    });
    // An idle connection the server drops (a restart, a failover) is an error on the pool; pg-pool
    // removes that connection, and without a listener the error would end the process.
    pool.on('error', (error) => console.warn(`A PostgreSQL connection was closed while idle: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:/, '') || ':memory:';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL for concurrent readers; FULL sync so an acknowledged write survives a power cut.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // From here a locked database is waited for by the driver, on a timer (see WaitingSqliteDialect).
  sqlite.pragma('busy_timeout = 0');
  const db = new Kysely<Database>({ dialect: new WaitingSqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

/**
 * Kysely calls prepare() for every query, and better-sqlite3 compiles the SQL each time; a page
 * sends the same few statements over and over, so the compiled ones are kept (least recently used
 * dropped first). SQLite recompiles a kept statement by itself if the schema changes under it.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database, size = 500): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/** Statements worth preparing: the app's reads and writes, not DDL or transaction control. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Kysely sends every query as unnamed SQL, which PostgreSQL parses and plans each time. A page
 * sends the same few statements over and over, so each connection prepares them once, by name,
 * and then only binds values (node-postgres keeps the names it has prepared per connection).
 */
export function withPreparedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (!name) {
      name = `q_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
      names.set(sql, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      const wrapped = {
        query(sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) {
          if (typeof sqlOrCursor === 'string' && PREPARABLE.test(sqlOrCursor)) {
            return client.query({ name: nameOf(sqlOrCursor), text: sqlOrCursor, values: parameters as unknown[] });
          }
          return (client.query as (...args: unknown[]) => unknown)(sqlOrCursor, parameters);
        },
        release: () => client.release(),
      };
      return wrapped as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
