// Builds the workspace packages that are out of date, in dependency order.
//
// A package is out of date when the hash of its inputs (its own files outside dist/, node_modules/
// and tests, the shared build configuration, the lockfile and the hashes of the workspace packages
// it depends on) differs from the hash recorded after its last successful build, or when an output
// named in its package.json is missing. A build runs the package's own `build` script.
//
// Usage: node scripts/build.mjs [--force] [--quiet]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const stampDir = join(root, 'node_modules/.cache/router-build');
// Inputs shared by every package build.
const sharedInputs = ['tsconfig.base.json', 'pnpm-lock.yaml', 'scripts/copy-migrations.mjs', 'drizzle'];
// Never inputs: build outputs, installed dependencies, tests, and the migration copies made by the build.
const ignoredTopLevel = new Set(['node_modules', 'dist', 'drizzle', 'test', 'CHANGELOG.md']);
const isTestFile = (name) => /\.test\.[cm]?[jt]sx?$/.test(name) || name === 'vitest.config.ts' || name === 'vitest.e2e.config.ts';

/** The workspace packages that have a build script, dependencies first. */
export function buildablePackages() {
  const dirs = ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')))
      .map((entry) => join(group, entry.name)),
  );
  const packages = dirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const workspaceDeps = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
      .filter(([, range]) => String(range).startsWith('workspace:'))
      .map(([name]) => name);
    return { dir, name: manifest.name, manifest, workspaceDeps };
  });
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const ordered = [];
  const visit = (pkg, path = []) => {
    if (ordered.includes(pkg)) return;
    if (path.includes(pkg)) throw new Error(`dependency cycle: ${[...path, pkg].map((p) => p.name).join(' -> ')}`);
    for (const dep of pkg.workspaceDeps) if (byName.has(dep)) visit(byName.get(dep), [...path, pkg]);
    ordered.push(pkg);
  };
  for (const pkg of packages) visit(pkg);
  return ordered.filter((pkg) => pkg.manifest.scripts?.build);
}

function hashTree(hash, absolute) {
  if (!existsSync(absolute)) return;
  const entries = readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(absolute, entry.name);
    if (entry.isDirectory()) hashTree(hash, path);
    else if (entry.isFile()) hash.update(`${relative(root, path)}\0`).update(readFileSync(path)).update('\0');
  }
}

function packageInputs(hash, dir) {
  const walk = (absolute) => {
    const entries = readdirSync(absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      if (absolute === top && ignoredTopLevel.has(entry.name)) continue;
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !isTestFile(entry.name)) hash.update(`${relative(root, path)}\0`).update(readFileSync(path)).update('\0');
    }
  };
  const top = join(root, dir);
  walk(top);
}

/** The files a package's build must have produced: its main, types, export targets and bins. */
function expectedOutputs(pkg) {
  const { manifest } = pkg;
  const targets = [manifest.main, manifest.types];
  const collect = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  collect(manifest.bin);
  return targets.filter((target) => typeof target === 'string' && /^(\.\/)?dist\//.test(target));
}

function stampPath(pkg) {
  return join(stampDir, `${pkg.name.replace(/[^a-z0-9.-]+/gi, '_')}.hash`);
}

/**
 * Builds what is out of date. Returns the names of the packages it built.
 * Throws when a build fails (after printing the build's own output).
 */
export function buildStale({ force = false, quiet = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const packages = buildablePackages();
  const shared = createHash('sha256');
  for (const input of sharedInputs) {
    const absolute = join(root, input);
    if (!existsSync(absolute)) continue;
    if (input === 'drizzle') hashTree(shared, absolute);
    else shared.update(`${input}\0`).update(readFileSync(absolute)).update('\0');
  }
  const sharedHash = shared.digest('hex');
  const hashes = new Map();
  const built = [];
  mkdirSync(stampDir, { recursive: true });
  for (const pkg of packages) {
    const hash = createHash('sha256').update(sharedHash);
    for (const dep of pkg.workspaceDeps) if (hashes.has(dep)) hash.update(`${dep}\0${hashes.get(dep)}\0`);
    packageInputs(hash, pkg.dir);
    const digest = hash.digest('hex');
    hashes.set(pkg.name, digest);
    const stamp = stampPath(pkg);
    const previous = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
    const outputsPresent = expectedOutputs(pkg).every((target) => existsSync(join(root, pkg.dir, target)));
    if (!force && previous === digest && outputsPresent) continue;
    if (!quiet) log(`building ${pkg.name}`);
    const cwd = join(root, pkg.dir);
    const PATH = [join(cwd, 'node_modules/.bin'), join(root, 'node_modules/.bin'), process.env.PATH ?? ''].join(delimiter);
    const result = spawnSync(pkg.manifest.scripts.build, {
      cwd,
      shell: true,
      env: { ...process.env, PATH },
      encoding: 'utf8',
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    if (result.status !== 0) {
      if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
      throw new Error(`${pkg.name}: build failed (exit ${result.status ?? result.signal})`);
    }
    writeFileSync(stamp, `${digest}\n`);
    built.push(pkg.name);
  }
  return built;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  try {
    const built = buildStale({ force: args.includes('--force'), quiet: args.includes('--quiet') });
    if (built.length === 0 && !args.includes('--quiet')) process.stderr.write('build: everything is up to date\n');
  } catch (error) {
    process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
