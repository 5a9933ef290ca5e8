/** @router/core stays web-standard: no store, hono, drizzle, libsql, undici or node:* imports in its sources. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));
const FORBIDDEN = [/^@router\/store/, /^@router\/server/, /^@router\/cli/, /^hono/, /^@hono\//, /^drizzle-orm/, /^@libsql\//, /^undici/, /^node:/, /^(fs|path|http|https|net|os|url|crypto|stream|child_process|worker_threads|events|util|buffer)(\/|$)/];

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'test' || name === '__fixtures__' ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('@router/core boundary', () => {
  it('imports nothing from the store, hono, drizzle or node:*', () => {
    const offenders: string[] = [];
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const specifier = match[1] ?? match[2] ?? match[3];
        if (FORBIDDEN.some((pattern) => pattern.test(specifier))) offenders.push(`${relative(root, file)} → ${specifier}`);
      }
      if (/\bprocess\.env\b|\bBuffer\./.test(text)) offenders.push(`${relative(root, file)} → uses process.env or Buffer`);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the adapters, the probe and the translators off the engine: what they share lives in providers/shared', () => {
    const offenders: string[] = [];
    for (const folder of ['providers', 'probe', 'translate', 'tool-mode']) {
      for (const file of sources(join(root, folder))) {
        for (const match of readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
          if (/(^|\/)engine\//.test(match[1])) offenders.push(`${relative(root, file)} → ${match[1]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('declares only web-friendly runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, '../package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['eventsource-parser', 'zod']);
  });
});
