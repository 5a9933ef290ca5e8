/**
 * Start-up failures the operator can fix, each described in one line that says what to do.
 * `main` prints the message as `router: <message>` and exits 1, without a stack trace.
 */

/** A start-up failure with a message for the operator. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** The database URL without its query (a remote URL may carry an auth token there). */
export function displayDatabaseUrl(url: string): string {
  // no query (it may carry a token) and no password
  return url.replace(/[?#].*$/, '').replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+):[^@/]*@/i, '$1:***@');
}

/** Describes an error from `listen`: port in use, not permitted, or a host that is not local. */
export function describeListenError(error: unknown, host: string, port: number): StartupError {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(`port ${port} is in use on ${host}; stop the process using it or set PORT to a free port (PORT=0 picks one)`);
    case 'EACCES':
    case 'EPERM':
      return new StartupError(`not permitted to listen on port ${port}; set PORT to a port above 1023`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new StartupError(`cannot listen on HOST=${host}: it is not an address of this machine; set HOST to one (0.0.0.0 for every interface, 127.0.0.1 for this machine only)`);
    default:
      return new StartupError(`cannot listen on ${host}:${port}: ${oneLine((error as Error)?.message ?? String(error))}`);
  }
}

/** Describes an error from opening or migrating the database. */
export function describeDatabaseError(error: unknown, url: string): StartupError {
  const shown = displayDatabaseUrl(url);
  const codes = [error, (error as { cause?: unknown })?.cause].map((item) => (item as { code?: unknown })?.code).filter((code): code is string => typeof code === 'string');
  const has = (code: string) => codes.some((candidate) => candidate === code || candidate.startsWith(`${code}_`));
  const causeMessage = (error as { cause?: Error })?.cause?.message;
  const message = oneLine(causeMessage ?? (error as Error)?.message ?? String(error));
  if (has('SQLITE_NOTADB')) return new StartupError(`${shown} is not a SQLite database; set DATABASE_URL to the router's database file or to a new path`);
  if (has('SQLITE_CORRUPT')) return new StartupError(`the database ${shown} is corrupt; restore it from a backup or set DATABASE_URL to a new path`);
  if (has('SQLITE_READONLY')) return new StartupError(`the database ${shown} is read-only; make it writable or set DATABASE_URL to a writable path`);
  if (has('SQLITE_CANTOPEN') || has('SQLITE_PERM') || has('SQLITE_AUTH') || ['EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EROFS'].some(has)) {
    return new StartupError(`cannot open the database ${shown} (${codes[0] ?? 'error'}); check that its folder exists and is writable, or set DATABASE_URL`);
  }
  // Postgres: not reachable, or refusing this user or database (28P01: password, 3D000: no such database)
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'CONNECT_TIMEOUT', '28P01', '28000', '3D000'].some(has)) {
    return new StartupError(`cannot open the database ${shown}: ${message}; check that the database server is running and that DATABASE_URL names it`);
  }
  // Opening runs only pragmas; a plain SQL error comes from applying the migrations.
  if (has('SQLITE_ERROR') || has('SQLITE_CONSTRAINT') || /Failed query|migrat/i.test((error as Error)?.message ?? '')) {
    return new StartupError(`migrating the database ${shown} failed: ${message}; it was not made by this router or is damaged: back it up and set DATABASE_URL to a new path`);
  }
  return new StartupError(`cannot open the database ${shown}: ${message}; check DATABASE_URL`);
}
