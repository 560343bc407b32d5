/**
 * A bounded SSE parser (docs/sync.md, «Пределы»): eventsource-parser behind a guard that counts
 * the bytes of the line being read and of the event being gathered before any text reaches the
 * parser. A line longer than MAX_SSE_LINE or an event (its `data:` lines together) larger than
 * MAX_SSE_EVENT throws SseLimitError, so the parser's buffer never grows past the limit: the
 * stream is dropped and reconnected with backoff, and health says why.
 *
 * Line breaks reach the parser as `\n` only: eventsource-parser 3.1 holds an event ended by a
 * lone `\r` at the end of a chunk until a later line is complete (it waits to see whether a `\n`
 * follows), so a heartbeat of a server that ends its lines with `\r` would come one line late.
 * The guard, which sees every character anyway, turns `\r\n` and `\r` into `\n` itself, across
 * chunks: a chunk's last `\r` is a break at once, and a `\n` that completes it is dropped.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { TransientError } from './http.js';

/** Characters of one SSE line at most (a change event's JSON is a few KiB). */
export const MAX_SSE_LINE = 1 << 20;
/** Characters of one SSE event at most (all its lines). */
export const MAX_SSE_EVENT = 2 << 20;

export class SseLimitError extends TransientError {}

const fmtMb = (n: number) => `${(n / (1 << 20)).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;

export interface BoundedSseParser {
  /** Feeds decoded text; throws SseLimitError past a limit (nothing of that chunk is parsed then). */
  feed(text: string): void;
}

export function createBoundedSseParser(
  onEvent: (ev: EventSourceMessage) => void,
  limits: { maxLine?: number; maxEvent?: number } = {},
): BoundedSseParser {
  const maxLine = limits.maxLine ?? MAX_SSE_LINE;
  const maxEvent = limits.maxEvent ?? MAX_SSE_EVENT;
  const parser = createParser({ onEvent });
  let line = 0; // characters of the line being read
  let event = 0; // characters of the event being gathered
  let afterCr = false;
  return {
    feed(text: string) {
      // a `\n` that completes a `\r\n` begun in the previous chunk was sent on with that `\r`
      const skipFirst = afterCr && text.charCodeAt(0) === 10;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */ || c === 13 /* \r */) {
          if (c === 10 && afterCr) {
            afterCr = false;
            continue; // \r\n is one line break
          }
          afterCr = c === 13;
          if (line === 0) event = 0; // an empty line ends the event
          line = 0;
          continue;
        }
        afterCr = false;
        line++;
        event++;
        if (line > maxLine) throw new SseLimitError(`строка потока событий длиннее ${fmtMb(maxLine)}: поток прерван, переподключаюсь`);
        if (event > maxEvent) throw new SseLimitError(`событие потока больше ${fmtMb(maxEvent)}: поток прерван, переподключаюсь`);
      }
      const t = skipFirst ? text.slice(1) : text;
      parser.feed(t.includes('\r') ? t.replace(/\r\n?/gu, '\n') : t);
    },
  };
}
