/**
 * The built `provider-cli` as a user runs it: `--version`, and which database it
 * uses when run from a folder that has none (read-only commands create nothing
 * and say where they looked; the first write creates it and says where).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliProcess, tempDir } from '@router/testkit';
import { ON_POSTGRES } from '@router/testkit/database';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;

describe('provider-cli (built binary)', () => {
  it('prints its version', async () => {
    const result = await runCliProcess(['--version'], {}, tempDir());
    expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  // the default database is a SQLite file in the working directory: nothing to do with Postgres
  it.skipIf(ON_POSTGRES)('refuses read-only commands without a database, creating nothing, and names the path it looked at', async () => {
    const dir = tempDir();
    const commands = [['status'], ['list'], ['history'], ['stats'], ['changes'], ['provider', 'config', 'x'], ['model', 'list'], ['route', 'list'], ['settings', 'list']];
    for (const args of commands) {
      const result = await runCliProcess(args, {}, dir);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `provider-cli: no database at ${dir}/data/provider-router.db (the default file:data/provider-router.db, relative to the working directory); point to yours with --db <path> or DATABASE_URL, or create one with \`provider-cli provider add\`\n`,
      );
    }
    const option = await runCliProcess(['--db', `${dir}/nonexistent/dir/x.db`, 'ls'], {}, dir);
    expect(option.code).toBe(1);
    expect(option.stderr).toContain(`no database at ${dir}/nonexistent/dir/x.db (from --db)`);
    const variable = await runCliProcess(['status'], { DATABASE_URL: 'file:elsewhere/router.db' }, dir);
    expect(variable.stderr).toContain(`no database at ${dir}/elsewhere/router.db (from DATABASE_URL)`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(ON_POSTGRES)('creates the database on the first write, says where, and status shows its absolute path', async () => {
    const dir = tempDir();
    const added = await runCliProcess(['provider', 'add', '--id', 'lm', '--config', 'baseURL=http://127.0.0.1:1/v1'], {}, dir);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toBe(`provider-cli: created a new database at ${dir}/data/provider-router.db\n`);
    const status = await runCliProcess(['status'], {}, dir);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`database\\s+${dir}/data/provider-router\\.db\\s+default`));
    expect(status.stderr).toBe('');
  });
});
