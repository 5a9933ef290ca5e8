// Child processes for the benchmark: started pinned to a core, waited on, stopped gently,
// and observed through /proc (CPU time, RSS). Linux-only readings return null elsewhere.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';

/** Clock ticks per second for /proc CPU times. */
export const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Whether processes can be pinned: `taskset` exists and there are at least two cores. */
export function canPin() {
  if (os.availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The command line, prefixed with `taskset -c <cpu>` when pinning. */
export function pinned(cpu, command) {
  return cpu === null || cpu === undefined ? command : ['taskset', '-c', String(cpu), ...command];
}

/** Moves a running process (all its threads) to a core. */
export function pinProcess(pid, cpu) {
  if (cpu === null || cpu === undefined) return;
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a long-running child with its output appended to `logFile`. Resolves once `ready()`
 * says so (polled every 100 ms) or rejects after `timeoutMs` with the log's tail.
 */
export async function startProcess({ name, command, env = {}, cwd, logFile, ready, timeoutMs = 30_000 }) {
  const output = openSync(logFile, 'a');
  const child = spawn(command[0], command.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', output, output] });
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    if (await ready().catch(() => false)) return child;
    await sleep(100);
  }
  child.kill('SIGKILL');
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
  throw new Error(`${name} did not become ready (${exited ? `exited ${exited.code ?? exited.signal}` : 'timeout'}):\n${tail}`);
}

/** Runs a one-shot child to completion; resolves with its stdout, rejects on a non-zero exit. */
export function runProcess(command, { env = {}, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command.join(' ')} exited ${code}: ${stderr.trim() || stdout.trim()}`))));
  });
}

/** Sends SIGTERM and waits for the exit (SIGKILL after `graceMs`). Resolves with the exit code. */
export function stopProcess(child, graceMs = 15_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

function statFields(path) {
  const text = readFileSync(path, 'utf8');
  // The command name (field 2) may contain spaces; everything after its closing paren is fixed.
  return { name: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), fields: text.slice(text.lastIndexOf(')') + 2).split(' ') };
}

/**
 * CPU time of a process in clock ticks (utime + stime over all its threads, from
 * /proc/<pid>/stat), and of its main thread alone (/proc/<pid>/task/<pid>/stat).
 */
export function cpuTicks(pid) {
  try {
    const all = statFields(`/proc/${pid}/stat`).fields;
    const main = statFields(`/proc/${pid}/task/${pid}/stat`).fields;
    return { total: Number(all[11]) + Number(all[12]), main: Number(main[11]) + Number(main[12]) };
  } catch {
    return null;
  }
}

/** A process and all its descendants (from the parent ids in /proc/<pid>/stat), the root first. */
export function processTree(rootPid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(statFields(`/proc/${entry}/stat`).fields[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [rootPid];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index]) ?? []));
  return tree;
}

/**
 * CPU time of a process tree in clock ticks: the live processes' own time plus the time of the
 * children the root has already reaped (cutime + cstime), so a process that ended during the
 * run is still counted. For a server that forks a process per connection (Postgres).
 */
export function treeCpuTicks(rootPid) {
  try {
    const root = statFields(`/proc/${rootPid}/stat`).fields;
    let total = Number(root[13]) + Number(root[14]);
    for (const pid of processTree(rootPid)) {
      try {
        const fields = statFields(`/proc/${pid}/stat`).fields;
        total += Number(fields[11]) + Number(fields[12]);
      } catch {
        // ended meanwhile: its time moves to the root's cutime, read above (a slight undercount)
      }
    }
    return total;
  } catch {
    return null;
  }
}

/** CPU ticks per thread name (worker threads, libuv pool, V8 platform), for the profile notes. */
export function threadTicks(pid) {
  const out = {};
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const { name, fields } = statFields(`/proc/${pid}/task/${tid}/stat`);
      const key = tid === String(pid) ? 'main' : name;
      out[key] = (out[key] ?? 0) + Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  return out;
}

/** A `VmRSS` / `VmHWM` reading from /proc/<pid>/status, in KiB. */
export function memoryKib(pid, key = 'VmRSS') {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Busy and total ticks per CPU from /proc/stat (to see which core saturated). */
export function coreTicks() {
  try {
    const out = {};
    for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
      if (!/^cpu\d/.test(line)) continue;
      const [name, ...values] = line.split(/\s+/);
      const numbers = values.map(Number);
      const total = numbers.reduce((sum, value) => sum + value, 0);
      out[name] = { busy: total - numbers[3] - numbers[4], total };
    }
    return out;
  } catch {
    return {};
  }
}

/** Percent busy per core between two `coreTicks()` readings. */
export function coreBusyPercent(before, after) {
  const out = {};
  for (const name of Object.keys(after)) {
    const total = after[name].total - (before[name]?.total ?? 0);
    out[name] = total > 0 ? Math.round((100 * (after[name].busy - (before[name]?.busy ?? 0))) / total) : null;
  }
  return out;
}

/** Waits `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
