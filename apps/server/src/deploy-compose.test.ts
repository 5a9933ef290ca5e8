/**
 * The Compose deployment (deploy/compose/: Postgres, N routers and nginx in front) agrees with
 * the server it starts. Docker is not needed: the Compose file is read with a YAML parser, the
 * Dockerfile and the nginx configuration line by line, and every setting is checked against the
 * server's own settings parser and the repository's files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseEnv } from './env.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const composeDir = join(root, 'deploy/compose');
const read = (path: string) => readFileSync(path, 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test: string[] | string };
  ports?: string[];
  volumes?: string[];
  command?: string | string[];
}
const compose = parse(read(join(composeDir, 'compose.yaml'))) as { services: Record<string, ComposeService> };
const services = compose.services;

/** Compose's variable interpolation with nothing set in the shell: `${NAME:-default}` gives the default. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_match, _name, fallback) => fallback ?? '');
}

/** A service's environment as its container sees it. */
function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value ?? ''))]));
}

/** The Dockerfile's instructions: FROM, ENV (name=value pairs), RUN and CMD. */
function readDockerfile(path: string) {
  const lines = read(path).replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const instruction = (name: string) => lines.filter((line) => line.toUpperCase().startsWith(`${name} `)).map((line) => line.slice(name.length + 1).trim());
  const env: Record<string, string> = {};
  for (const line of instruction('ENV')) for (const [, name, value] of line.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[name] = value.replace(/^"|"$/g, '');
  const cmd = instruction('CMD').at(-1);
  return { from: instruction('FROM'), env, run: instruction('RUN'), cmd: cmd ? (JSON.parse(cmd) as string[]) : null, copies: instruction('COPY') };
}

/** The nginx configuration's directives, each as its words, with the blocks it sits in. */
function readNginx(path: string): { words: string[]; blocks: string[] }[] {
  const directives: { words: string[]; blocks: string[] }[] = [];
  const blocks: string[] = [];
  const text = read(path).replace(/#.*$/gm, '');
  for (const token of text.match(/[^;{}]+[;{]|}/g) ?? []) {
    if (token === '}') {
      blocks.pop();
      continue;
    }
    const words = token.slice(0, -1).trim().split(/\s+/);
    if (token.endsWith('{')) blocks.push(words.join(' '));
    else directives.push({ words, blocks: [...blocks] });
  }
  return directives;
}

const router = services.router;
const dockerfilePath = router.build ? join(resolve(composeDir, router.build.context), router.build.dockerfile) : '';
const dockerfile = readDockerfile(dockerfilePath);
/** What the router's process sees: the image's ENV, then the Compose file's environment over it. */
const routerEnv = { ...dockerfile.env, ...environmentOf(router) };
const settings = parseEnv(routerEnv);
const nginxMount = (services.lb.volumes ?? []).map((volume) => volume.split(':')).find(([, target]) => target.startsWith('/etc/nginx/'));
const nginx = readNginx(resolve(composeDir, nginxMount?.[0] ?? 'nginx.conf'));
const directive = (name: string) => nginx.filter((entry) => entry.words[0] === name);

describe('the Compose deployment', () => {
  it('builds the router image from this repository with the Dockerfile beside the Compose file', () => {
    expect(router.build).toBeDefined();
    expect(resolve(composeDir, router.build!.context)).toBe(root);
    expect(existsSync(dockerfilePath)).toBe(true);
  });

  it('sets only variables the server reads, with values it accepts', () => {
    // parseEnv keeps the settings it knows (and throws on a bad value): a misspelt or removed name disappears
    const unknown = Object.keys(routerEnv).filter((name) => !(name in settings));
    expect(unknown).toEqual([]);
    expect(Object.keys(environmentOf(router))).toEqual(expect.arrayContaining(['DATABASE_URL', 'ADMIN_API_KEY']));
  });

  it('points every router at the Postgres service, with its user, password and database', () => {
    const url = new URL(settings.DATABASE_URL);
    expect(url.protocol).toBe('postgres:');
    const postgres = services[url.hostname];
    expect(postgres, `DATABASE_URL's host ${url.hostname} is a Compose service`).toBeDefined();
    expect(postgres.image).toMatch(/^postgres:/);
    expect(url.port || '5432').toBe('5432');
    const postgresEnv = environmentOf(postgres);
    expect(decodeURIComponent(url.username)).toBe(postgresEnv.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgresEnv.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgresEnv.POSTGRES_DB}`);
    // the routers start once the database answers (each migrates it at start-up)
    const healthcheck = [postgres.healthcheck?.test ?? []].flat().join(' ');
    expect(healthcheck).toContain(`-U ${postgresEnv.POSTGRES_USER}`);
    expect(healthcheck).toContain(`-d ${postgresEnv.POSTGRES_DB}`);
    expect(router.depends_on).toMatchObject({ [url.hostname]: { condition: 'service_healthy' } });
  });

  it('starts the server as `pnpm start` does, listening where other containers reach it', () => {
    expect(router.command).toBeUndefined();
    // `pnpm start` builds, then runs the server's entry point: the image builds, then runs the same file
    const start = (JSON.parse(read(join(root, 'package.json'))) as { scripts: Record<string, string> }).scripts.start;
    expect(start.endsWith(dockerfile.cmd!.join(' '))).toBe(true);
    const serverBin = (JSON.parse(read(join(root, 'apps/server/package.json'))) as { bin: Record<string, string> }).bin;
    expect(Object.values(serverBin).map((file) => join('apps/server', file))).toContain(dockerfile.cmd![1]);
    expect(dockerfile.run.join(' ')).toMatch(/install --frozen-lockfile.* build/);
    // the pnpm the repository pins, and a Node its engines accept
    const rootPackage = JSON.parse(read(join(root, 'package.json'))) as { packageManager: string; engines: { node: string } };
    for (const line of dockerfile.run) for (const [, version] of line.matchAll(/pnpm@(\S+)/g)) expect(`pnpm@${version}`).toBe(rootPackage.packageManager);
    const nodeMajor = Number(/^node:(\d+)/.exec(dockerfile.from.at(-1) ?? '')?.[1]);
    expect(nodeMajor).toBeGreaterThanOrEqual(Number(/\d+/.exec(rootPackage.engines.node)?.[0]));
    expect(['0.0.0.0', '::']).toContain(settings.HOST);
  });

  it('keeps the build context free of installed modules, local databases and .env files', () => {
    // `COPY . .` takes the whole repository: without these exclusions the image would carry the
    // host's node_modules (another platform's binaries) and a local SQLite file full of provider keys
    expect(dockerfile.copies).toContain('. .');
    const ignoreFile = [join(dirname(dockerfilePath), `${router.build!.dockerfile.split('/').at(-1)}.dockerignore`), join(root, '.dockerignore')].find(existsSync);
    expect(ignoreFile, 'a .dockerignore for the router image').toBeDefined();
    const patterns = read(ignoreFile!).split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    for (const required of ['**/node_modules', 'data', '**/.env', '**/*.db']) expect(patterns).toContain(required);
  });

  it('has nginx spread requests over the router service on the port the routers listen on', () => {
    expect(nginxMount).toBeDefined();
    const proxyPass = directive('proxy_pass');
    expect(proxyPass).toHaveLength(1);
    const upstreamName = new URL(proxyPass[0].words[1]).hostname;
    const servers = directive('server').filter((entry) => entry.blocks.includes(`upstream ${upstreamName}`));
    expect(servers.map((entry) => entry.words[1])).toEqual([`router:${settings.PORT}`]);
    expect(services.router).toBeDefined();
    // nginx listens on the port Compose publishes
    const listen = directive('listen').map((entry) => entry.words[1]);
    const published = (services.lb.ports ?? []).map((port) => String(port).split(':').at(-1));
    expect(published).toHaveLength(1);
    expect(listen).toContain(published[0]);
  });

  it('has nginx pass streams through and the client\'s Host header unchanged', () => {
    expect(directive('proxy_buffering').map((entry) => entry.words[1])).toEqual(['off']);
    // The router compares a browser's Origin (`http://localhost:3001`) with the Host it receives:
    // `$host` drops the port and the dashboard's writes would be refused as cross-origin.
    const host = directive('proxy_set_header').filter((entry) => entry.words[1].toLowerCase() === 'host');
    expect(host.map((entry) => entry.words[2])).toEqual(['$http_host']);
  });

  it('matches the commands the README and the Compose file give', () => {
    const readme = read(join(root, 'docs/readme/several-routers.md'));
    const command = /docker compose -f (\S+) up[^`]*--scale (\w+)=/.exec(readme.replace(/\s+/g, ' '));
    expect(command).not.toBeNull();
    expect(resolve(root, command![1])).toBe(join(composeDir, 'compose.yaml'));
    expect(services[command![2]]).toBe(router);
    // `--scale` starts several containers of the service: none may claim a fixed host port or name
    expect(router.ports).toBeUndefined();
    expect((router as { container_name?: string }).container_name).toBeUndefined();
    // the management command in the Compose file's header runs the CLI's entry point
    const cliBin = (JSON.parse(read(join(root, 'apps/cli/package.json'))) as { bin: Record<string, string> }).bin;
    const cliCommands = [...read(join(composeDir, 'compose.yaml')).matchAll(/exec (\w+) node (\S+)/g)];
    expect(cliCommands.length).toBeGreaterThan(0);
    for (const [, service, file] of cliCommands) {
      expect(services[service]).toBe(router);
      expect(Object.values(cliBin).map((bin) => join('apps/cli', bin))).toContain(file);
    }
  });
});
