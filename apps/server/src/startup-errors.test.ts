import { describe, expect, it } from 'vitest';
import { describeDatabaseError, describeListenError } from './startup-errors.js';

const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('start-up error messages', () => {
  it('say what to change for each listen failure', () => {
    expect(describeListenError(errno('EADDRINUSE'), '0.0.0.0', 3001).message).toBe('port 3001 is in use on 0.0.0.0; stop the process using it or set PORT to a free port (PORT=0 picks one)');
    expect(describeListenError(errno('EACCES'), '0.0.0.0', 80).message).toBe('not permitted to listen on port 80; set PORT to a port above 1023');
    expect(describeListenError(errno('EADDRNOTAVAIL'), '10.9.9.9', 3001).message).toMatch(/^cannot listen on HOST=10\.9\.9\.9: .*set HOST/);
    expect(describeListenError(errno('EWHAT', 'odd\nfailure'), '::', 3001).message).toBe('cannot listen on :::3001: odd failure');
  });

  it('say what to change for each database failure, in one line, without the URL\'s token', () => {
    const url = 'libsql://db.example.internal?authToken=secret-token-123';
    const cases: [unknown, RegExp][] = [
      [errno('SQLITE_NOTADB'), /is not a SQLite database; set DATABASE_URL/],
      [errno('SQLITE_CORRUPT'), /is corrupt; restore it from a backup/],
      [errno('SQLITE_READONLY'), /is read-only/],
      [errno('SQLITE_CANTOPEN'), /cannot open the database .* \(SQLITE_CANTOPEN\); check that its folder exists/],
      [Object.assign(new Error('Failed query: CREATE TABLE x'), { cause: errno('SQLITE_ERROR', 'table x already exists\n') }), /^migrating the database .* failed: table x already exists; .*new path$/],
      [new Error('something else'), /^cannot open the database libsql:\/\/db\.example\.internal: something else; check DATABASE_URL$/],
    ];
    for (const [error, pattern] of cases) {
      const message = describeDatabaseError(error, url).message;
      expect(message).toMatch(pattern);
      expect(message).not.toContain('secret-token-123');
      expect(message).not.toContain('\n');
    }
  });
});
