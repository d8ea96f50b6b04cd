import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type QueryCompiler, type QueryResult, type SqliteDialectConfig } from 'kysely';

/** How long a statement may wait for another process's write to finish, in all (as busy_timeout was). */
const LOCK_WAIT_MS = 5000;
/** Waits between tries: another process's commit holds the lock for about a millisecond. */
const WAITS_MS = [1, 1, 2, 2, 5, 5, 10];

const isBusy = (error: unknown) => typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * SQLite lets one connection write at a time, across processes, and the server runs a process per
 * core. better-sqlite3 waits for a busy lock inside SQLite's busy handler, which puts the whole
 * process to sleep (1, 2, 5, 10 ms and on): every request in that worker stands still while one
 * of them waits to write. Here SQLite gives up at once (busy_timeout 0, set where the database is
 * opened) and the statement is tried again after a timer, so the worker serves others meanwhile.
 *
 * Only what SQLite allows to be tried again is: a statement outside a transaction (it did nothing),
 * BEGIN and COMMIT. So transactions begin IMMEDIATE, taking the write lock at their start; a
 * statement inside one then never finds the database busy, and if it somehow did, the error stands.
 */
export class WaitingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly waitingConfig: SqliteDialectConfig,
    private readonly lockWaitMs = LOCK_WAIT_MS,
  ) {
    super(waitingConfig);
  }
  override createDriver(): Driver {
    return new WaitingSqliteDriver(this.waitingConfig, this.lockWaitMs);
  }
}

class WaitingSqliteDriver implements Driver {
  private readonly inner: SqliteDriver;
  private inTransaction = false;
  private wrapped: { of: DatabaseConnection; as: DatabaseConnection } | null = null;

  constructor(
    config: SqliteDialectConfig,
    private readonly lockWaitMs: number,
  ) {
    this.inner = new SqliteDriver(config);
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    // SQLite's driver has one connection; it is wrapped once.
    if (this.wrapped?.of !== connection) this.wrapped = { of: connection, as: this.waiting(connection) };
    return this.wrapped.as;
  }

  private waiting(connection: DatabaseConnection): DatabaseConnection {
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const mayRetry = !this.inTransaction || query.sql === 'commit';
        const started = Date.now();
        for (let attempt = 0; ; attempt++) {
          try {
            return await connection.executeQuery<R>(query);
          } catch (error) {
            if (!mayRetry || !isBusy(error) || Date.now() - started >= this.lockWaitMs) throw error;
            await sleep(WAITS_MS[Math.min(attempt, WAITS_MS.length - 1)]);
          }
        }
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
    };
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    this.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
    this.inTransaction = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } finally {
      this.inTransaction = false;
    }
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.savepoint(connection, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.rollbackToSavepoint(connection, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.releaseSavepoint(connection, name, compile);
  }
  releaseConnection(): Promise<void> {
    return this.inner.releaseConnection();
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
