import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { scanEvents } from './event-scan.js';

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

/**
 * Where each event of `text` ends, the plain way: split into lines at every `\r\n`, `\r` or `\n`
 * (a regular expression, as the SSE specification words it); an empty line ends an event.
 */
function referenceEventEnds(text: string): number[] {
  const ends: number[] = [];
  const terminator = /\r\n|\r|\n/g;
  let lineStart = 0;
  for (let match = terminator.exec(text); match; match = terminator.exec(text)) {
    if (match.index === lineStart) ends.push(match.index + match[0].length);
    lineStart = match.index + match[0].length;
  }
  return ends;
}

const STREAMS: Record<string, string> = {
  lf: 'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n',
  crlf: 'data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\ndata: [DONE]\r\n\r\n',
  cr: 'data: {"a":1}\r\rdata: {"b":2}\r\rdata: [DONE]\r\r',
  mixed: 'data: {"a":1}\r\n\ndata: {"b":2}\n\r\nid: 3\rdata: {"c":3}\r\r: comment\n\ndata: [DONE]\n\n',
  multiline: 'event: message\ndata: {"a":\ndata: 1}\n\ndata: [DONE]\n\n',
};

describe('scanEvents: event boundaries', () => {
  for (const [name, text] of Object.entries(STREAMS)) {
    it(`ends events where the SSE specification does (${name})`, () => {
      const expected = referenceEventEnds(text);
      // the same events as eventsource-parser finds in the whole text (a block holding only a comment is no event to it)
      let events = 0;
      createParser({ onEvent: () => events++, onComment: () => events++ }).feed(`${text}\n`);
      expect(expected).toHaveLength(events);
      // every prefix: the scan stops at the last event the reference had dispatched within it
      for (let cut = 0; cut <= text.length; cut++) {
        const prefix = text.slice(0, cut);
        const end = scanEvents(bytes(prefix)).end;
        const within = expected.filter((offset) => offset <= cut);
        // A lone CR at the very end ends its line at once (as openai-node does); eventsource-parser waits for
        // the next byte. Either way the bytes before the boundary are the same events.
        if (prefix.endsWith('\r') && end === cut) continue;
        expect(end, `${name} cut at ${cut}`).toBe(within.length ? within[within.length - 1] : 0);
      }
    });
  }

  it('finds the last event end in a chunk that holds several, with a partial one after', () => {
    expect(scanEvents(bytes('data: {"a":1}\n\ndata: {"b"')).end).toBe(15);
    expect(scanEvents(bytes('data: {"a":1}\r\rdata: {"b"')).end).toBe(15);
    expect(scanEvents(bytes('data: {"a":1}\n')).end).toBe(0);
  });
});

describe('scanEvents: framing', () => {
  it('passes JSON objects, [DONE], comments, other fields and empty data', () => {
    const text = ': OPENROUTER PROCESSING\n\nid: 1\nretry: 10\ndata:{"x":1}\n\ndata:  {"y":2}  \n\nevent: message\ndata: {"z":3}\n\ndata:\n\ndata: [DONE]\n\n';
    expect(scanEvents(bytes(text))).toEqual({ end: text.length, fault: null, faultEnd: text.length });
  });

  it('refuses data that is not a JSON object, and reports where the last good event ended', () => {
    const good = 'data: {"x":1}\n\n';
    for (const bad of ['data: hello\n\n', 'data: {"half\n\n', 'data: <html>\n\n', 'data: [DONE] more\n\n', 'data: [DONE]\ndata: [DONE]\n\n', 'data: 42\n\n']) {
      expect(scanEvents(bytes(good + bad + good)), bad).toEqual({ end: good.length, fault: 'not_json', faultEnd: good.length + bad.length });
    }
  });

  it('refuses an error event and data whose first key is a non-null error', () => {
    expect(scanEvents(bytes('event: error\ndata: {"message":"overloaded"}\n\n')).fault).toBe('error_event');
    expect(scanEvents(bytes('data: {"error":{"message":"overloaded"}}\n\n')).fault).toBe('error_event');
    expect(scanEvents(bytes('data: { "error" : "overloaded"}\n\n')).fault).toBe('error_event');
    expect(scanEvents(bytes('data: {"error":null,"choices":[]}\n\n')).fault).toBeNull();
    expect(scanEvents(bytes('data: {"choices":[{"delta":{"content":"\\"error\\": 1"}}]}\n\n')).fault).toBeNull();
  });

  it('checks an event only once it is complete, unless the stream is over', () => {
    expect(scanEvents(bytes('data: not json'))).toEqual({ end: 0, fault: null, faultEnd: 0 });
    expect(scanEvents(bytes('data: not json'), true).fault).toBe('not_json');
    expect(scanEvents(bytes('data: {"x":1}'), true)).toEqual({ end: 13, fault: null, faultEnd: 13 });
  });
});
