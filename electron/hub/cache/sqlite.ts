/**
 * The hub's SQLite, behind one narrow seam: `open(path, { readonly })` gives a small
 * better-sqlite3-shaped handle (prepare / run / get / all / iterate / pluck / raw, exec,
 * transaction, pragma, close) on one of two drivers:
 *
 *   better-sqlite3  the default where it loads: the fastest (figures: tests/bench/cache.bench.ts);
 *                   its prebuilt .node needs GLIBC_2.34 / GLIBCXX_3.4.29;
 *   node:sqlite     the SQLite the runtime carries (Node ≥ 22.13 unflagged, Electron 45's Node 22):
 *                   nothing native to load, so it runs on Astra Linux SE 1.7 (glibc 2.28) and any
 *                   distribution Electron itself runs on.
 *
 * Both are loaded lazily, on the first open (never by an import), so a driver that cannot load is
 * an ordinary error with one clear Russian line (SqliteDriverError) that the hub reports, never a
 * process that dies while loading. SW_SQLITE=node | better picks one (tests run the cache suite on
 * both: docs/kiosk.md, «SQLite»).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export type SqliteDriverName = 'better-sqlite3' | 'node:sqlite';

export interface RunResult {
  changes: number | bigint;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Rows as their first column only. */
  pluck(on?: boolean): this;
  /** Rows as arrays of column values. */
  raw(on?: boolean): this;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- a transaction wraps functions of any shape */
export type TransactionFn<F extends (...args: any[]) => any> = ((...args: Parameters<F>) => ReturnType<F>) & {
  deferred: (...args: Parameters<F>) => ReturnType<F>;
  immediate: (...args: Parameters<F>) => ReturnType<F>;
  exclusive: (...args: Parameters<F>) => ReturnType<F>;
};

export interface SqliteDb {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): this;
  /** better-sqlite3 semantics: BEGIN … COMMIT (ROLLBACK on a throw); nested calls use savepoints. */
  transaction<F extends (...args: any[]) => any>(fn: F): TransactionFn<F>;
  /** `PRAGMA <source>`: all rows, or with { simple: true } the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): this | void;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface OpenOptions {
  readonly?: boolean;
  /** Fail instead of creating the file (default: create unless readonly). */
  fileMustExist?: boolean;
}

/** No SQLite driver could be loaded: the message is the one line the hub reports. */
export class SqliteDriverError extends Error {
  override readonly name = 'SqliteDriverError';
}

interface Driver {
  name: SqliteDriverName;
  open(path: string, o: Required<OpenOptions>): SqliteDb;
}

const firstLine = (e: unknown) => ((e as Error)?.message ?? String(e)).split('\n')[0]!.slice(0, 300);

// ---- better-sqlite3 -----------------------------------------------------------------------------

const requireBetter = (): unknown => createRequire(import.meta.url)('better-sqlite3');
let loadBetter = requireBetter;

function betterDriver(): Driver {
  type Ctor = new (path: string, o: { readonly: boolean; fileMustExist: boolean }) => SqliteDb;
  const Database = loadBetter() as Ctor;
  // Loading the JS is not loading the addon: open a memory database to dlopen the .node now.
  new Database(':memory:', { readonly: false, fileMustExist: false }).close();
  return { name: 'better-sqlite3', open: (path, o) => new Database(path, o) };
}

// ---- node:sqlite ----------------------------------------------------------------------------------

interface NodeStatementSync {
  run(...a: unknown[]): RunResult;
  get(...a: unknown[]): unknown;
  all(...a: unknown[]): unknown[];
  iterate(...a: unknown[]): IterableIterator<unknown>;
  setReturnArrays(on: boolean): void;
}
interface NodeDatabaseSync {
  prepare(sql: string): NodeStatementSync;
  exec(sql: string): void;
  close(): void;
  readonly isTransaction: boolean;
}
type NodeDatabaseCtor = new (path: string, o: { readOnly?: boolean; open?: boolean }) => NodeDatabaseSync;

/** SQLite primary result codes, named as better-sqlite3 names them (error.code). */
const CODES: Record<number, string> = {
  1: 'SQLITE_ERROR', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED', 8: 'SQLITE_READONLY', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT',
  13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 19: 'SQLITE_CONSTRAINT', 26: 'SQLITE_NOTADB',
};

/** node:sqlite errors carry `errcode`; give them better-sqlite3's `code` so callers check one thing. */
function sqliteError(e: unknown): unknown {
  const err = e as { errcode?: unknown; code?: unknown };
  if (err && typeof err === 'object' && typeof err.errcode === 'number') {
    const name = CODES[err.errcode & 0xff];
    if (name) {
      try {
        Object.defineProperty(err, 'code', { value: name, configurable: true });
      } catch {
        /* keep */
      }
    }
  }
  return e;
}

const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array && !Buffer.isBuffer(v);
const toBuffer = (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** better-sqlite3 binds an array as its values and a plain object as named parameters. */
function bindArgs(params: unknown[]): unknown[] {
  let spread = false;
  for (const p of params)
    if (p !== null && typeof p === 'object' && !ArrayBuffer.isView(p)) {
      spread = true;
      break;
    }
  if (!spread) return params;
  const flat: unknown[] = [];
  let named: object | null = null;
  for (const p of params) {
    if (Array.isArray(p)) flat.push(...(p as unknown[]));
    else if (p !== null && typeof p === 'object' && !ArrayBuffer.isView(p)) named = p;
    else flat.push(p);
  }
  return named ? [named, ...flat] : flat;
}

class NodeStatement implements SqliteStatement {
  private mode: 'object' | 'raw' | 'pluck' = 'object';

  constructor(private readonly st: NodeStatementSync) {}

  private row(r: unknown): unknown {
    if (r === undefined) return undefined;
    if (this.mode === 'pluck') {
      const v = (r as unknown[])[0];
      return isBytes(v) ? toBuffer(v) : v;
    }
    if (this.mode === 'raw') {
      const a = r as unknown[];
      for (let i = 0; i < a.length; i++) if (isBytes(a[i])) a[i] = toBuffer(a[i] as Uint8Array);
      return a;
    }
    const o = r as Record<string, unknown>;
    for (const k in o) if (isBytes(o[k])) o[k] = toBuffer(o[k]);
    return o;
  }

  private setMode(mode: 'raw' | 'pluck', on: boolean): this {
    if (on) this.mode = mode;
    else if (this.mode === mode) this.mode = 'object';
    this.st.setReturnArrays(this.mode !== 'object');
    return this;
  }

  pluck(on = true): this {
    return this.setMode('pluck', on);
  }
  raw(on = true): this {
    return this.setMode('raw', on);
  }
  run(...params: unknown[]): RunResult {
    try {
      return this.st.run(...bindArgs(params));
    } catch (e) {
      throw sqliteError(e);
    }
  }
  get(...params: unknown[]): unknown {
    try {
      return this.row(this.st.get(...bindArgs(params)));
    } catch (e) {
      throw sqliteError(e);
    }
  }
  all(...params: unknown[]): unknown[] {
    let rows: unknown[];
    try {
      rows = this.st.all(...bindArgs(params));
    } catch (e) {
      throw sqliteError(e);
    }
    if (this.mode === 'pluck') {
      for (let i = 0; i < rows.length; i++) rows[i] = this.row(rows[i]);
      return rows;
    }
    for (const r of rows) this.row(r);
    return rows;
  }
  *iterate(...params: unknown[]): IterableIterator<unknown> {
    let it: IterableIterator<unknown>;
    try {
      it = this.st.iterate(...bindArgs(params));
    } catch (e) {
      throw sqliteError(e);
    }
    for (const r of it) yield this.row(r);
  }
}

class NodeDb implements SqliteDb {
  private isOpen = true;
  private savepoints = 0;

  constructor(private readonly db: NodeDatabaseSync) {}

  get open(): boolean {
    return this.isOpen;
  }
  get inTransaction(): boolean {
    return this.isOpen && this.db.isTransaction;
  }
  prepare(sql: string): SqliteStatement {
    try {
      return new NodeStatement(this.db.prepare(sql));
    } catch (e) {
      throw sqliteError(e);
    }
  }
  exec(sql: string): this {
    try {
      this.db.exec(sql);
    } catch (e) {
      throw sqliteError(e);
    }
    return this;
  }
  /* eslint-disable @typescript-eslint/no-explicit-any -- see TransactionFn */
  transaction<F extends (...args: any[]) => any>(fn: F): TransactionFn<F> {
    const make = (begin: string) =>
      (...args: Parameters<F>): ReturnType<F> => {
        if (this.db.isTransaction) {
          const sp = `sw_sp_${++this.savepoints}`;
          this.exec(`SAVEPOINT ${sp}`);
          try {
            const r = fn(...args) as ReturnType<F>;
            this.exec(`RELEASE ${sp}`);
            return r;
          } catch (e) {
            this.exec(`ROLLBACK TO ${sp}`);
            this.exec(`RELEASE ${sp}`);
            throw e;
          } finally {
            this.savepoints--;
          }
        }
        this.exec(begin);
        try {
          const r = fn(...args) as ReturnType<F>;
          this.exec('COMMIT');
          return r;
        } catch (e) {
          if (this.db.isTransaction) this.exec('ROLLBACK');
          throw e;
        }
      };
    const t = make('BEGIN') as TransactionFn<F>;
    t.deferred = t;
    t.immediate = make('BEGIN IMMEDIATE');
    t.exclusive = make('BEGIN EXCLUSIVE');
    return t;
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const st = this.prepare(`PRAGMA ${source}`);
    if (options.simple) return st.pluck().get();
    return st.all();
  }
  close(): this {
    if (this.isOpen) {
      this.isOpen = false;
      this.db.close();
    }
    return this;
  }
}

function nodeDriver(): Driver {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const mod = getBuiltin?.call(process, 'node:sqlite') as { DatabaseSync?: NodeDatabaseCtor } | undefined;
  if (!mod?.DatabaseSync) throw new Error(`в этой сборке Node ${process.versions.node} нет node:sqlite`);
  const DatabaseSync = mod.DatabaseSync;
  new DatabaseSync(':memory:', {}).close();
  return {
    name: 'node:sqlite',
    open: (path, o) => {
      if (path !== ':memory:' && (o.fileMustExist || o.readonly) && !existsSync(path))
        throw Object.assign(new Error(`unable to open database file: ${path}`), { code: 'SQLITE_CANTOPEN' });
      try {
        return new NodeDb(new DatabaseSync(path, o.readonly ? { readOnly: true } : {}));
      } catch (e) {
        throw sqliteError(e);
      }
    },
  };
}

// ---- choice ---------------------------------------------------------------------------------------

let chosen: Driver | null = null;
let failure: SqliteDriverError | null = null;

/** Which driver SW_SQLITE asks for: 'node', 'better', or null (better-sqlite3 where it loads). */
export function requestedDriver(env: Record<string, string | undefined> = process.env): 'node' | 'better' | null {
  const v = (env.SW_SQLITE ?? '').trim().toLowerCase();
  if (v === 'node' || v === 'node:sqlite') return 'node';
  if (v === 'better' || v === 'better-sqlite3') return 'better';
  return null;
}

/** Load the driver now (once): better-sqlite3 where it loads, else node:sqlite; SW_SQLITE overrides. */
export function loadDriver(): SqliteDriverName {
  if (chosen) return chosen.name;
  if (failure) throw failure;
  const want = requestedDriver();
  const why: string[] = [];
  if (want !== 'node') {
    try {
      chosen = betterDriver();
    } catch (e) {
      why.push(`better-sqlite3 — ${firstLine(e)}`);
    }
  }
  if (!chosen && want !== 'better') {
    try {
      chosen = nodeDriver();
    } catch (e) {
      why.push(`node:sqlite — ${firstLine(e)}`);
    }
  }
  if (!chosen) {
    failure = new SqliteDriverError(`не загружается модуль SQLite (glibc ${glibcVersion() ?? '?'}): ${why.join('; ')}`);
    throw failure;
  }
  return chosen.name;
}

/**
 * A read-only open of a cache in a folder this process cannot write to (a WAL database then
 * cannot make its -shm file): opened `immutable` through node:sqlite, whichever driver is in use
 * otherwise (better-sqlite3 is built without URI file names). Only for a one-shot reader: the
 * file is taken as unchanging while open. Throws when node:sqlite is missing.
 */
export function openImmutable(path: string): SqliteDb {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  // node:sqlite warns that it is experimental on its first load: not a line for the user.
  const emit = process.emitWarning;
  process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'ExperimentalWarning' && /SQLite/i.test(String(w))) return;
    return (emit as (...a: unknown[]) => void).call(process, w, ...rest);
  }) as typeof process.emitWarning;
  let mod: { DatabaseSync?: NodeDatabaseCtor } | undefined;
  try {
    mod = getBuiltin?.call(process, 'node:sqlite') as typeof mod;
  } finally {
    process.emitWarning = emit;
  }
  if (!mod?.DatabaseSync) throw new Error(`в этой сборке Node ${process.versions.node} нет node:sqlite`);
  try {
    return new NodeDb(new mod.DatabaseSync(`${pathToFileURL(path).href}?immutable=1`, { readOnly: true }));
  } catch (e) {
    throw sqliteError(e);
  }
}

/** The driver in use, or null before the first open. */
export function driverName(): SqliteDriverName | null {
  return chosen?.name ?? null;
}

export function open(path: string, o: OpenOptions = {}): SqliteDb {
  loadDriver();
  const readonly = o.readonly ?? false;
  return chosen!.open(path, { readonly, fileMustExist: o.fileMustExist ?? readonly });
}

/** The C library's version on glibc systems ("2.28"), else null. */
export function glibcVersion(): string | null {
  const r = (process.report?.getReport?.() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;
  return typeof r === 'string' ? r : null;
}

/** Tests only: forget the choice so the next open chooses again (optionally with a better-sqlite3 that fails to load). */
export function resetDriverForTests(o: { loadBetter?: () => unknown } = {}): void {
  chosen = null;
  failure = null;
  loadBetter = o.loadBetter ?? requireBetter;
}
