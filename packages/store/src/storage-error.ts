/** Database failures a person can act on (a full disk, a read-only file), as typed errors with a plain message. */
import { RouterError } from '@router/core';

function sqliteCode(error: unknown): string | null {
  for (let inner = error, depth = 0; inner && typeof inner === 'object' && depth < 4; inner = (inner as { cause?: unknown }).cause, depth++) {
    const code = (inner as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return null;
}

/**
 * The error to answer for a database failure, or null when `error` is not one. Writes are atomic
 * (one batch per change), so a failed write changed nothing.
 */
export function storageError(error: unknown): RouterError | null {
  const code = sqliteCode(error);
  if (!code) return null;
  const fail = (status: number, name: string, message: string) => new RouterError(`${message} Nothing was changed. (${code})`, { status, type: 'server_error', code: name, cause: error });
  if (code.startsWith('SQLITE_FULL')) return fail(507, 'storage_full', 'The database could not be written: the disk (or the database\'s size limit) is full. Free some space and retry.');
  if (code.startsWith('SQLITE_READONLY')) return fail(503, 'storage_read_only', 'The database could not be written: it is read-only (file or folder permissions, or a read-only disk).');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return fail(503, 'storage_busy', 'The database is locked by another process; retry shortly.');
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return fail(503, 'storage_unavailable', 'The database could not be read or written: an I/O error (a disk failing, full or gone).');
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return fail(500, 'storage_corrupt', 'The database file is damaged or not a database.');
  return null;
}
