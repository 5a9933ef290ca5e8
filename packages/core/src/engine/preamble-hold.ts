/**
 * Holds back the start of an upstream chat stream until it says something: the role-only
 * preamble (`{"delta":{"role":"assistant","content":""}}`), empty deltas and usage-only events
 * are kept, not passed on, until an event carries content, reasoning or a tool call. Then
 * everything held goes on at once, byte for byte, and the hold steps aside: each later `next()`
 * is the upstream's own call, with nothing added to the per-chunk path. A stream that ends
 * without anything in it is an empty answer (`emptyAnswerError`), thrown while no byte of it has
 * reached the client, so the failover loop tries the next target. LM Studio answers a prompt
 * longer than the loaded context that way.
 *
 * Only the held events are looked at (a regular expression over their text, never a parse); an
 * event the relay will refuse (not JSON, an upstream error) ends the hold, so the usual checks
 * see it. With `tools` (the `failover_on_invalid_tool_call` setting), an answer that starts with
 * reasoning or a tool call is held until answer text arrives or the stream ends, and its tool
 * calls are checked then (`checkStreamedToolCalls`); once the response has been committed to the
 * client (`commit`, after a long hold), that check is dropped, since it could no longer fail over.
 */
import { concatBytes } from '../sse/bytes.js';
import { MAX_EVENT_BYTES, scanEvents } from '../sse/event-scan.js';
import { decodeUtf8 } from '../sse/summarize-response.js';
import { checkStreamedToolCalls, emptyAnswerError, hasSubstance, hasText } from './upstream-answer.js';

/** How much a tool-checking hold keeps before it gives up checking and lets the answer go. */
const MAX_TOOL_HOLD_BYTES = 4 << 20;

const DONE: IteratorResult<Uint8Array> = Object.freeze({ done: true, value: undefined });

/** What the hold needs. */
export interface PreambleHoldOptions {
  providerId: string;
  /** The upstream's status, for the error. */
  status: number;
  /** Check tool calls against these names (the invalid-tool-call setting); absent: no check. */
  tools?: ReadonlySet<string>;
}

/** The held stream (see the module comment). */
export class PreambleHold implements AsyncIterableIterator<Uint8Array> {
  /** Whole events already judged (and found wanting), kept to be sent. */
  private readonly judged: Uint8Array[] = [];
  private judgedBytes = 0;
  /** Bytes after the last whole event. */
  private rest: Uint8Array | undefined;
  private released = false;
  private finished = false;
  /** Something a client would see has arrived (only when holding for the tool check). */
  private substance = false;
  private tools: ReadonlySet<string> | undefined;
  /** Called once, when the first bytes are held (the attempt starts its hold timer then). */
  onHold: (() => void) | undefined;

  constructor(
    private readonly inner: AsyncIterator<Uint8Array>,
    private readonly options: PreambleHoldOptions,
  ) {
    this.tools = options.tools;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.released) return this.finished ? Promise.resolve(DONE) : this.inner.next();
    return this.fill();
  }

  return(value?: unknown): Promise<IteratorResult<Uint8Array>> {
    this.released = true;
    this.finished = true;
    return this.inner.return ? this.inner.return(value) : Promise.resolve(DONE);
  }

  /** Everything held has been let go and the upstream goes on: later reads may go straight to it. */
  get passing(): boolean {
    return this.released && !this.finished;
  }

  /** The response was committed to the client: a tool check could no longer fail over, so it is dropped. */
  commit(): void {
    this.tools = undefined;
  }

  private async fill(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      const result = await this.inner.next();
      if (result.done) return this.end();
      const bytes = this.rest ? concatBytes([this.rest, result.value]) : result.value;
      if (this.judge(bytes, false)) return this.release();
      if (this.judgedBytes + (this.rest?.byteLength ?? 0) > 0 && this.onHold) {
        const onHold = this.onHold;
        this.onHold = undefined;
        onHold();
      }
    }
  }

  /** Judges the whole events in `bytes` (the bytes after those already judged); true: let everything go. */
  private judge(bytes: Uint8Array, final: boolean): boolean {
    // The usual case, settled without finding event ends: the first bytes already say something
    // (a key with a non-empty value has begun, so its event, whole or not, carries it).
    if (!this.tools && this.judgedBytes === 0 && hasSubstance(decodeUtf8(bytes))) {
      this.rest = bytes;
      return true;
    }
    const scan = scanEvents(bytes, final);
    // an event the relay refuses is not an empty answer: let its checks see it
    if (scan.fault) {
      this.rest = bytes;
      return true;
    }
    const whole = bytes.subarray(0, scan.end);
    this.rest = scan.end < bytes.length ? bytes.subarray(scan.end) : undefined;
    if (whole.length > 0) {
      this.judged.push(whole);
      this.judgedBytes += whole.length;
      const text = decodeUtf8(whole);
      if (!this.tools) {
        if (hasSubstance(text)) return true;
      } else {
        if (hasText(text)) return true;
        if (!this.substance && hasSubstance(text)) this.substance = true;
      }
    }
    // a tool check dropped at commit: nothing more to wait for
    if (this.substance && !this.tools) return true;
    // cannot judge an event this large (or a tool answer this long): let it go unjudged
    const held = this.judgedBytes + (this.rest?.byteLength ?? 0);
    return held > (this.tools ? MAX_TOOL_HOLD_BYTES : MAX_EVENT_BYTES);
  }

  /** The upstream ended while everything was held. */
  private end(): IteratorResult<Uint8Array> {
    this.finished = true;
    if (this.rest && this.judge(this.rest, true)) return this.release();
    if (!this.substance) throw emptyAnswerError(this.options.providerId, this.options.status);
    if (this.tools) {
      const invalid = checkStreamedToolCalls(this.options.providerId, concatBytes(this.judged), this.options.status, this.tools);
      if (invalid) throw invalid;
    }
    return this.release();
  }

  /** Everything held, at once, and the hold steps aside. */
  private release(): IteratorResult<Uint8Array> {
    this.released = true;
    if (this.rest) this.judged.push(this.rest);
    const value = concatBytes(this.judged);
    this.judged.length = 0;
    this.rest = undefined;
    if (value.length === 0) {
      this.finished = true;
      return DONE;
    }
    return { done: false, value };
  }
}
