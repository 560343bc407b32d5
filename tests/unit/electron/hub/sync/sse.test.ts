/**
 * The bounded SSE parser (electron/hub/sync/sse.ts, docs/sync.md «Пределы»): the events a stream
 * gives, however its text is cut into chunks and whichever line breaks it uses
 * (docs/spec/central-api.md «stream» is plain Server-Sent Events), and the limits — a line or an
 * event longer than allowed drops the stream with a Russian reason naming the limit, before any of
 * that chunk is parsed; an empty line ends an event and its count.
 */
import { describe, expect, it } from 'vitest';
import { createBoundedSseParser, MAX_SSE_EVENT, MAX_SSE_LINE, SseLimitError } from '../../../../../electron/hub/sync/sse.js';
import { TransientError } from '../../../../../electron/hub/sync/http.js';

function collect(limits?: { maxLine?: number; maxEvent?: number }) {
  const events: string[] = [];
  const p = createBoundedSseParser((ev) => events.push(`${ev.event ?? 'message'}:${ev.id ?? ''}:${ev.data}`), limits);
  return { p, events };
}

const STREAM = 'event: change\nid: s1\ndata: {"id":"a"}\n\nevent: heartbeat\ndata: {"head":5}\n\n';
const EXPECTED = ['change:s1:{"id":"a"}', 'heartbeat::{"head":5}'];

describe('events', () => {
  it('the same events whether the text comes whole, a character at a time, or cut anywhere — with any line break', () => {
    for (const br of ['\n', '\r\n', '\r']) {
      const text = STREAM.replaceAll('\n', br);
      const whole = collect();
      whole.p.feed(text);
      expect(whole.events).toEqual(EXPECTED);
      const byChar = collect();
      for (const c of text) byChar.p.feed(c);
      expect(byChar.events).toEqual(EXPECTED);
      for (let cut = 1; cut < text.length; cut++) {
        const two = collect();
        two.p.feed(text.slice(0, cut));
        two.p.feed(text.slice(cut));
        expect(two.events, `${JSON.stringify(br)} cut at ${cut}`).toEqual(EXPECTED);
      }
    }
  });

  it('a \r\n cut between two chunks is one line break, not the end of the event', () => {
    const s = collect();
    for (const chunk of ['data: A\r\n', 'data: B\r', '\ndata: C\r\n', '\r\n']) s.p.feed(chunk);
    expect(s.events).toEqual(['message::A\nB\nC']);
  });

  it('lines may end with \\n, \\r\\n or \\r', () => {
    for (const br of ['\n', '\r\n', '\r']) {
      const s = collect();
      s.p.feed(STREAM.replaceAll('\n', br));
      expect(s.events).toEqual(EXPECTED);
    }
  });
});

describe('the line limit', () => {
  it('a line of exactly the limit passes; one character more drops the stream, naming the limit in МБ', () => {
    const max = 1 << 19; // 0,5 МБ
    const ok = collect({ maxLine: max, maxEvent: 4 * max });
    ok.p.feed(`data: ${'x'.repeat(max - 6)}\n\n`);
    expect(ok.events).toHaveLength(1);
    const over = collect({ maxLine: max, maxEvent: 4 * max });
    let err: unknown;
    try {
      over.p.feed(`data: ${'x'.repeat(max - 5)}\n\n`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SseLimitError);
    expect(err).toBeInstanceOf(TransientError); // the client reconnects with backoff
    expect((err as Error).message).toBe('строка потока событий длиннее 0,5 МБ: поток прерван, переподключаюсь');
    // nothing of the chunk that broke the limit reached the parser
    expect(over.events).toEqual([]);
  });

  it('counts a line across chunks, and starts again after every line break (\\n, \\r\\n, \\r)', () => {
    for (const br of ['\n', '\r\n', '\r']) {
      const s = collect({ maxLine: 10, maxEvent: 1000 });
      // many lines of 10 characters each: never over the limit
      for (let i = 0; i < 20; i++) s.p.feed(`data: ${String(i).padStart(4, '0')}${br}`);
      s.p.feed(br);
      expect(s.events).toHaveLength(1); // at once, even when the blank line is a chunk's lone \r
      s.p.feed('data:');
      expect(() => s.p.feed(' 12345')).toThrow(SseLimitError); // 11 characters on one line
    }
  });

  it('the default limit is 1 МБ a line', () => {
    expect(MAX_SSE_LINE).toBe(1 << 20);
    const ok = collect();
    ok.p.feed(`data: ${'x'.repeat(MAX_SSE_LINE - 6)}\n\n`);
    expect(ok.events).toHaveLength(1);
    const over = collect({ maxEvent: 4 * MAX_SSE_LINE });
    expect(() => over.p.feed(`data: ${'x'.repeat(MAX_SSE_LINE - 5)}\n`)).toThrow('строка потока событий длиннее 1 МБ: поток прерван, переподключаюсь');
  });
});

describe('the event limit', () => {
  it('counts all lines of one event; an event of exactly the limit passes, one character more drops the stream', () => {
    const ok = collect({ maxLine: 100, maxEvent: 30 });
    ok.p.feed('data: 123456789\ndata: 123456789\n\n'); // 15 + 15 characters
    expect(ok.events).toEqual(['message::123456789\n123456789']);
    const over = collect({ maxLine: 100, maxEvent: 30 });
    expect(() => over.p.feed('data: 123456789\ndata: 1234567890\n\n')).toThrow(/^событие потока больше .* МБ: поток прерван, переподключаюсь$/u); // 15 + 16
    expect(over.events).toEqual([]);
  });

  it('an empty line ends the event and its count, whichever line break is used', () => {
    for (const br of ['\n', '\r\n', '\r']) {
      const s = collect({ maxLine: 100, maxEvent: 20 });
      for (let i = 0; i < 10; i++) s.p.feed(`data: ${'x'.repeat(14)}${br}${br}`); // 20 characters an event
      expect(s.events).toHaveLength(10);
    }
  });

  it('a line break alone does not end the event: \\r\\n is one break, so two lines of one event still add up', () => {
    const s = collect({ maxLine: 100, maxEvent: 25 });
    s.p.feed('data: 1234567\r\n'); // 13 characters
    expect(() => s.p.feed('data: 1234567\r\n')).toThrow(SseLimitError); // 26 in one event
  });

  it('a blank line after a \r\n line ends the event too (mixed line breaks)', () => {
    const s = collect({ maxLine: 100, maxEvent: 25 });
    s.p.feed('data: 1234567\r\n\n'); // 13 characters, then the event ends
    s.p.feed('data: 1234567\r\n\n'); // 13 more in a new event: within the limit
    expect(s.events).toEqual(['message::1234567', 'message::1234567']);
  });

  it('a limit that is no whole number of МБ is told to one decimal', () => {
    const s = collect({ maxLine: 1.25 * (1 << 20), maxEvent: 4 << 20 });
    expect(() => s.p.feed(`data: ${'x'.repeat(1.25 * (1 << 20))}`)).toThrow('строка потока событий длиннее 1,3 МБ: поток прерван, переподключаюсь');
  });

  it('the default limit is 2 МБ an event, and is told in МБ', () => {
    expect(MAX_SSE_EVENT).toBe(2 << 20);
    const line = `data: ${'x'.repeat((1 << 20) - 6)}\n`; // a line of exactly 1 МБ
    const s = collect();
    s.p.feed(line + line);
    expect(() => s.p.feed('d')).toThrow('событие потока больше 2 МБ: поток прерван, переподключаюсь');
  });
});
