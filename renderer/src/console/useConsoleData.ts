/**
 * The console's data, fetched through the bridge on its own (never the wall's view): the queue
 * page of its filter and the open message's card. Both are fetched again when the hub says the
 * data changed (`viewChanged`: a revision came back through the feed) or an action changed its
 * outbox state (`outboxChanged`, over the WebSocket or the shell's snapshot; while an action of
 * the page is on its way they are also polled, in case an event is missed across a reconnect), and
 * every half minute (the queue depends on the time: overdue grows). One request in flight each; a newer answer always wins.
 */
import { useEffect, useRef, useState } from 'react';
import type { Bridge } from '../../../shared/bridge/client.js';
import type { ConsoleAction, ConsoleQueueParams, ConsoleQueueResult, MessageCardResult } from '../../../shared/bridge/protocol.js';

const POLL_IN_FLIGHT_MS = 1000;
const POLL_IDLE_MS = 30_000;
const MIN_GAP_MS = 250;

/** A counter that grows whenever the hub announces a change (throttled to one per MIN_GAP_MS). */
export function useHubChanges(bridge: Bridge): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const bump = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setN((x) => x + 1);
      }, MIN_GAP_MS);
    };
    const offs = [bridge.subscribe('viewChanged', bump), bridge.subscribe('outboxChanged', bump)];
    return () => {
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [bridge]);
  return n;
}

const inFlight = (a: ConsoleAction | null | undefined) => a != null && (a.state === 'queued' || a.state === 'sending' || (a.state === 'accepted' && !a.applied));

/** Re-fetches `load` on `deps` changes, on `signal`, and by polling (fast while `busy(result)`). */
function usePolled<T>(load: (() => Promise<T>) | null, deps: unknown[], signal: number, busy: (r: T) => boolean) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState(0);
  const seq = useRef(0);
  const [poll, setPoll] = useState(0);
  useEffect(() => {
    if (!load) {
      setData(null);
      return;
    }
    const my = ++seq.current;
    let timer: ReturnType<typeof setTimeout> | null = null;
    load().then(
      (r) => {
        if (my !== seq.current) return;
        setData(r);
        setAt(Date.now());
        setError(null);
        timer = setTimeout(() => setPoll((x) => x + 1), busy(r) ? POLL_IN_FLIGHT_MS : POLL_IDLE_MS);
      },
      (e: Error) => {
        if (my !== seq.current) return;
        setError(e.message);
        timer = setTimeout(() => setPoll((x) => x + 1), POLL_IDLE_MS / 6);
      },
    );
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [...deps, signal, poll]);
  return { data, error, at };
}

export function useConsoleQueue(bridge: Bridge, params: ConsoleQueueParams, signal: number) {
  const key = JSON.stringify(params);
  return usePolled<ConsoleQueueResult>(
    () => bridge.request('getConsoleQueue', params),
    [bridge, key],
    signal,
    (r) => r.items.some((i) => inFlight(i.lastAction)),
  );
}

export function useMessageCard(bridge: Bridge, id: string | null, signal: number) {
  return usePolled<MessageCardResult>(
    id ? () => bridge.request('getMessageCard', { id }) : null,
    [bridge, id],
    signal,
    (r) => r.actions.some(inFlight),
  );
}
