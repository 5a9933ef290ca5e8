/**
 * Client-key rate limits shared by several routers on one database, without a database call per
 * request: each router claims blocks of a key's one-minute window ahead of need (an atomic add on
 * a shared counter that returns the total every router has claimed) and admits requests from its
 * claim in memory.
 *
 * Per key, window and dimension (requests, tokens) a router keeps:
 * - `allowance`: what its claims were granted and it has not used yet;
 * - `owed`: what it admitted on credit, beyond its allowance, not yet charged to the counter;
 * - `full`: whether the counter reached the limit (no more credit: requests past the allowance are refused).
 *
 * A request takes from the allowance; when there is none and the window is not full it is admitted
 * on credit, up to one block (`blockOf(limit)`) per router at a time and only while the router's
 * last view of the counter leaves room; otherwise it waits for the claim in flight (the only time a
 * request waits on the database: a burst past what the router holds, or the window's last units).
 * A claim asks for what is owed plus a block ahead, and is granted what the limit leaves: the
 * counter's total before the claim is the total after it minus the claim, so grants add up to at
 * most the limit, whatever the order in which the routers' claims land.
 *
 * The bound: what a router admits on credit and is then not granted is at most one block (only
 * other routers' claims it has not seen yet can leave it ungranted), so a window admits at most
 * `limit + routers × blockOf(limit)` requests (tokens: the same, plus what requests use beyond
 * their admission estimate); one router alone is exact. Unused allowances at the end of a window are not handed
 * back: a router may refuse while another still holds part of the limit (at most a block each).
 * When a claim fails (the database is unreachable), the router holds the limit on its own traffic
 * until the window ends.
 */

/** Requests and tokens of a key's window: what one router claims, or what all have claimed so far. */
export interface WindowCount {
  keyId: string;
  /** The window's start, ms since the epoch. */
  windowStart: number;
  requests: number;
  tokens: number;
}

/** Adds the claims to the shared counters and returns each window's total after its claim (missing: the key is gone). */
export type ClaimWindows = (claims: readonly WindowCount[]) => Promise<WindowCount[]>;

/** A router's claim size for a limit: a hundredth of it, at least one. */
export function blockOf(limit: number): number {
  return Math.max(1, Math.ceil(limit / 100));
}

interface Dimension {
  limit: number | null;
  block: number;
  allowance: number;
  owed: number;
  /** Owed and sent with the claim in flight. */
  charging: number;
  /** Everything the claim in flight asks for (what it charges and what it asks ahead). */
  inFlight: number;
  full: boolean;
  /** What requests waiting for the next claim need. */
  waiting: number;
  /** What all routers had claimed at the last answer. */
  claimed: number;
}

/** One key's window on this router. */
export interface Lease {
  keyId: string;
  windowStart: number;
  requests: Dimension;
  tokens: Dimension;
  claiming: Promise<void> | undefined;
  /** A claim failed: this window is counted on this router's own traffic. */
  local: boolean;
  /** A newer window has started: claims only charge what is owed. */
  past: boolean;
}

/** What a request's need meets in one dimension: taken (from the allowance or on credit), to wait for a claim, or refused. */
export type Verdict = 'take' | 'wait' | 'full';

function dimension(limit: number | null): Dimension {
  return { limit, block: limit === null ? 0 : blockOf(limit), allowance: 0, owed: 0, charging: 0, inFlight: 0, full: false, waiting: 0, claimed: 0 };
}

export function createLease(keyId: string, windowStart: number, rpm: number | null, tpm: number | null): Lease {
  return { keyId, windowStart, requests: dimension(rpm), tokens: dimension(tpm), claiming: undefined, local: false, past: false };
}

/**
 * Whether `need` can be admitted now: from the allowance; or on credit, when this router's credit
 * stays within a block and, by its last view of the counter (its claims in flight counted as
 * granted), the limit has room for it (so one router alone is exact); or after the next claim.
 */
export function verdictOf(dim: Dimension, need: number): Verdict {
  if (need === 0 || dim.limit === null || dim.allowance >= need) return 'take';
  if (dim.full) return 'full';
  const credit = dim.owed + dim.charging + (need - dim.allowance);
  return credit <= dim.block && dim.claimed + dim.inFlight + dim.owed + (need - dim.allowance) <= dim.limit ? 'take' : 'wait';
}

/** Counts `need` as used: from the allowance, the rest owed. */
export function take(dim: Dimension, need: number): void {
  if (dim.limit === null || need <= 0) return;
  const fromAllowance = Math.min(dim.allowance, need);
  dim.allowance -= fromAllowance;
  dim.owed += need - fromAllowance;
}

/** Corrects an admission estimate by `delta` (what the request really used minus the estimate). */
export function correct(dim: Dimension, delta: number): void {
  if (delta > 0) take(dim, delta);
  else if (delta < 0 && dim.limit !== null) dim.allowance -= delta;
}

/** What this router may still admit in the window, by its last view of the counter. */
export function remaining(dim: Dimension): number {
  if (dim.limit === null) return 0;
  return Math.max(0, dim.limit - dim.claimed - dim.owed - dim.charging) + dim.allowance;
}

function ask(lease: Lease, dim: Dimension): number {
  if (dim.limit === null) return 0;
  if (dim.full || lease.past) return dim.owed;
  return dim.owed + Math.max(0, dim.block + dim.waiting - dim.allowance);
}

/** Whether the lease should claim now: something owed, someone waiting, or the allowance under half a block. */
export function wantsClaim(lease: Lease): boolean {
  if (lease.local) return false;
  for (const dim of [lease.requests, lease.tokens]) {
    if (dim.limit === null) continue;
    if (dim.owed > 0) return true;
    if (!dim.full && !lease.past && (dim.waiting > 0 || dim.allowance * 2 < dim.block)) return true;
  }
  return false;
}

function apply(dim: Dimension, asked: number, owedPart: number, total: number): void {
  dim.charging -= owedPart;
  dim.inFlight -= asked;
  if (dim.limit === null || asked === 0) return;
  dim.claimed = Math.max(dim.claimed, total);
  const granted = Math.min(asked, Math.max(0, dim.limit - (total - asked)));
  // what was granted ahead first covers what was admitted on credit while the claim was in flight
  const gained = Math.max(0, granted - owedPart);
  const covered = Math.min(dim.owed, gained);
  dim.owed -= covered;
  dim.allowance += gained - covered;
  if (granted < asked) dim.full = true;
}

/**
 * Starts a claim for the lease unless one is in flight; when it lands and more is wanted (owed
 * during the flight, or waiters), the next one starts. Returns the claim in flight.
 */
export function claim(lease: Lease, claimWindows: ClaimWindows, onError: (error: unknown) => void): Promise<void> {
  if (lease.claiming) return lease.claiming;
  const { requests, tokens } = lease;
  const askRequests = ask(lease, requests);
  const askTokens = ask(lease, tokens);
  if (askRequests === 0 && askTokens === 0) return Promise.resolve();
  const owedRequests = requests.owed;
  const owedTokens = tokens.owed;
  requests.charging += owedRequests;
  requests.owed = 0;
  requests.inFlight += askRequests;
  tokens.charging += owedTokens;
  tokens.owed = 0;
  tokens.inFlight += askTokens;
  /** The claim did not count: this window is decided on this router's own traffic from now on. */
  const unsent = () => {
    requests.charging -= owedRequests;
    requests.inFlight -= askRequests;
    tokens.charging -= owedTokens;
    tokens.inFlight -= askTokens;
    lease.local = true;
  };
  const flight = (async () => {
    try {
      const [total] = await claimWindows([{ keyId: lease.keyId, windowStart: lease.windowStart, requests: askRequests, tokens: askTokens }]);
      if (!total) {
        // the key was removed meanwhile: nothing to share
        unsent();
        return;
      }
      apply(requests, askRequests, owedRequests, total.requests);
      apply(tokens, askTokens, owedTokens, total.tokens);
    } catch (error) {
      unsent();
      onError(error);
    }
  })();
  lease.claiming = flight.then(() => {
    lease.claiming = undefined;
    if (wantsClaim(lease)) void claim(lease, claimWindows, onError);
  });
  return lease.claiming;
}
