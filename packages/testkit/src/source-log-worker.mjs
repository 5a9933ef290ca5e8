// The store's log worker run from its TypeScript sources, for unit tests that need no build
// (production starts dist/log-worker.js).
//
// The sources (and the workspace packages they import, resolved through tsconfig.paths.json)
// are bundled with esbuild into one file, cached in node_modules/.cache and named by the hash of
// the sources that went into it, the lockfile and the path map: a worker starts from that file,
// and the bundle is made again only when one of those changed. (Compiling the sources in every
// worker thread cost about a second per worker; a test file starts many.) npm packages stay
// external and load from node_modules, as they do in production.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry = join(root, 'packages/store/src/log/log-worker.ts');
const cache = join(root, 'node_modules/.cache/router-source-log-worker');
const inputsFile = join(cache, 'inputs.json');
/** Part of every bundle's name: change it when the bundling below changes. */
const FORMAT = '1';

/** The hash of the named sources' contents, or null when one of them is gone. */
function hashOf(inputs) {
  const hash = createHash('sha256').update(FORMAT);
  for (const input of inputs) {
    const path = join(root, input);
    if (!existsSync(path)) return null;
    hash.update(`${input}\0`).update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The cached bundle for the sources as they are now, if there is one. */
function cached() {
  if (!existsSync(inputsFile)) return null;
  const hash = hashOf(JSON.parse(readFileSync(inputsFile, 'utf8')));
  const file = hash && join(cache, `log-worker-${hash}.mjs`);
  return file && existsSync(file) ? file : null;
}

async function bundle() {
  const { build } = await import('esbuild').catch((error) => {
    throw new Error(`the source log worker needs esbuild (a dev dependency of @router/testkit): run pnpm install (${error.message})`);
  });
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    tsconfig: join(root, 'tsconfig.paths.json'),
    logLevel: 'silent',
    plugins: [
      {
        name: 'npm-packages-external',
        setup(builder) {
          // Workspace packages are bundled from source (tsconfig paths). Every npm package stays
          // external, imported by the absolute path of the file it resolves to from the importing
          // package, so the bundle finds core's dependencies as well as the store's.
          builder.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.path.startsWith('@router/') || args.pluginData === 'inner') return undefined;
            const resolved = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
            if (resolved.errors.length > 0) return { errors: resolved.errors };
            return { path: resolved.external ? resolved.path : pathToFileURL(resolved.path).href, external: true };
          });
        },
      },
    ],
  });
  // The lockfile too (the bundle names the npm packages' files by their installed paths), and the
  // path map that resolved the workspace packages.
  const inputs = [...Object.keys(result.metafile.inputs).sort(), 'pnpm-lock.yaml', 'tsconfig.paths.json'];
  const file = join(cache, `log-worker-${hashOf(inputs)}.mjs`);
  mkdirSync(cache, { recursive: true });
  // Written under a unique name, then renamed: workers building at the same time never see half a file.
  const write = (path, text) => {
    const temporary = `${path}.${process.pid}.${threadId}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  };
  write(file, result.outputFiles[0].text);
  write(inputsFile, JSON.stringify(inputs));
  // Bundles of older sources go once they are an hour old (a worker may still be starting from one).
  for (const name of readdirSync(cache)) {
    const path = join(cache, name);
    if (path !== file && name.startsWith('log-worker-') && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
  }
  return file;
}

await import(pathToFileURL(cached() ?? (await bundle())).href);
