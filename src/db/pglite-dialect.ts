// Kysely over PGlite. PGlite is one connection, so the driver hands it out to one
// caller at a time (a FIFO mutex); a transaction holds it from BEGIN to COMMIT.
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult, type TransactionSettings,
} from 'kysely';

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}
  async executeQuery<R>(cq: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.pg.query<R>(cq.sql, cq.parameters as unknown[]);
    const n = res.affectedRows;
    return { rows: res.rows, numAffectedRows: n === undefined ? undefined : BigInt(n) };
  }
  async *streamQuery<R>(cq: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(cq);
  }
}

class PGliteDriver implements Driver {
  private readonly mutex = new Mutex();
  private readonly releases = new WeakMap<DatabaseConnection, () => void>();
  private readonly conn: PGliteConnection;
  constructor(private readonly pg: PGlite) { this.conn = new PGliteConnection(pg); }
  async init() { await this.pg.waitReady; }
  async acquireConnection() {
    const release = await this.mutex.lock();
    this.releases.set(this.conn, release);
    return this.conn;
  }
  async beginTransaction(c: DatabaseConnection, s: TransactionSettings) {
    const iso = s.isolationLevel ? ` isolation level ${s.isolationLevel}` : '';
    await c.executeQuery(CompiledQuery.raw(`begin${iso}`));
  }
  async commitTransaction(c: DatabaseConnection) { await c.executeQuery(CompiledQuery.raw('commit')); }
  async rollbackTransaction(c: DatabaseConnection) { await c.executeQuery(CompiledQuery.raw('rollback')); }
  async releaseConnection(c: DatabaseConnection) {
    const release = this.releases.get(c);
    this.releases.delete(c);
    release?.();
  }
  async destroy() { await this.pg.close(); }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createAdapter() { return new PostgresAdapter(); }
  createDriver() { return new PGliteDriver(this.pg); }
  createQueryCompiler() { return new PostgresQueryCompiler(); }
  createIntrospector(db: Kysely<any>) { return new PostgresIntrospector(db); }
}
