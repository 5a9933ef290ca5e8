/**
 * Database failures a person can act on (a full disk, a read-only database, one that cannot be
 * reached), as typed errors with a plain message, on either dialect: SQLite's result codes
 * (`SQLITE_FULL`, …) and Postgres's SQLSTATE codes (`53100`, …) and postgres.js's connection errors.
 */
import { RouterError } from '@router/core';

/** The first code found on the error or its causes that `test` accepts. */
function codeOf(error: unknown, test: (code: string) => boolean): string | null {
  for (let inner = error, depth = 0; inner && typeof inner === 'object' && depth < 4; inner = (inner as { cause?: unknown }).cause, depth++) {
    const code = (inner as { code?: unknown }).code;
    if (typeof code === 'string' && test(code)) return code;
  }
  return null;
}

const sqliteCode = (error: unknown) => codeOf(error, (code) => code.startsWith('SQLITE_'));

/** A Postgres SQLSTATE (five characters) or a postgres.js / Node connection error code. */
const POSTGRES_CONNECTION_CODES = new Set(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const postgresCode = (error: unknown) => codeOf(error, (code) => /^[0-9A-Z]{5}$/.test(code) || POSTGRES_CONNECTION_CODES.has(code));

type Fail = (status: number, name: string, message: string) => RouterError;

/**
 * The error to answer for a database failure, or null when `error` is not one. Writes are atomic
 * (one batch per change), so a failed write changed nothing.
 */
export function storageError(error: unknown): RouterError | null {
  const sqlite = sqliteCode(error);
  if (sqlite) return sqliteError(sqlite, failWith(sqlite, error));
  const postgres = postgresCode(error);
  if (postgres) return postgresError(postgres, failWith(postgres, error), error);
  return null;
}

function failWith(code: string, error: unknown): Fail {
  return (status, name, message) => new RouterError(`${message} Nothing was changed. (${code})`, { status, type: 'server_error', code: name, cause: error });
}

function sqliteError(code: string, fail: Fail): RouterError | null {
  if (code.startsWith('SQLITE_FULL')) return fail(507, 'storage_full', 'The database could not be written: the disk (or the database\'s size limit) is full. Free some space and retry.');
  if (code.startsWith('SQLITE_READONLY')) return fail(503, 'storage_read_only', 'The database could not be written: it is read-only (file or folder permissions, or a read-only disk).');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return fail(503, 'storage_busy', 'The database is locked by another process; retry shortly.');
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return fail(503, 'storage_unavailable', 'The database could not be read or written: an I/O error (a disk failing, full or gone).');
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return fail(500, 'storage_corrupt', 'The database file is damaged or not a database.');
  return null;
}

function postgresError(code: string, fail: Fail, error: unknown): RouterError | null {
  // Postgres text cannot hold a NUL character (SQLite's can): the value is the problem, not the database
  if (code === '22021' || code === '22P05') {
    return new RouterError('A value holds a NUL character (\\u0000), which the database cannot store. Nothing was changed.', { status: 400, type: 'invalid_request_error', code: 'invalid_value', cause: error });
  }
  if (code === '53100' || code === '53200') return fail(507, 'storage_full', 'The database could not be written: the database server is out of disk space (or memory). Free some space and retry.');
  if (code === '25006') return fail(503, 'storage_read_only', 'The database could not be written: it is read-only (a standby, or a read-only transaction setting).');
  if (code === '40P01' || code === '55P03' || code === '40001') return fail(503, 'storage_busy', 'The database is busy with a conflicting change; retry shortly.');
  if (code === '57014') return fail(503, 'storage_busy', 'The database took too long to answer (the statement timeout); retry shortly.');
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || POSTGRES_CONNECTION_CODES.has(code)) {
    return fail(503, 'storage_unavailable', 'The database could not be reached (down, restarting, or out of connections); retry shortly.');
  }
  if (code === 'XX001' || code === 'XX002') return fail(500, 'storage_corrupt', 'The database reports damaged data.');
  return null;
}
