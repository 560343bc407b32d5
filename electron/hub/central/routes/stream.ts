/**
 * GET /v1/messages/stream of the reference server (docs/spec/central-api.md: the stream): SSE
 * from the cursor's position (Last-Event-ID first), each log entry a `change` event whose id is
 * the cursor after it, a heartbeat with the log head every period (and before a backlog), writes
 * paced by the socket's drain; under faults a connection may be cut after a moment.
 */
import { error, gone, logHeaders, type RouteHandler, type ServerContext } from '../context.js';
import { cursorPosition, encodeCursor } from '../cursor.js';

export interface StreamRouteOptions {
  /** false → 404 (a server without live push). */
  enabled: boolean;
  /** Heartbeat period (ms). */
  heartbeatMs: number;
}

export function streamRoute(ctx: ServerContext, o: StreamRouteOptions): RouteHandler {
  const { store, epoch, stats, streams } = ctx;
  return (req, res, url) => {
    if (!o.enabled) return error(res, 404, 'поток событий на этом сервере не включён');
    const lastId = req.headers['last-event-id'];
    const cursor = typeof lastId === 'string' && lastId !== '' ? lastId : url.searchParams.get('cursor');
    const start = cursorPosition(store, epoch, cursor);
    if (start === null) return gone(res);
    let pos = start;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      ...logHeaders(store, pos),
    });
    res.flushHeaders();
    streams.add(res);
    stats.streamClients = streams.size;
    let writing = false;
    let closed = false;
    const pump = () => {
      if (writing || closed) return;
      writing = true;
      while (pos < store.head && !closed) {
        const page = store.read(pos, 500);
        // A backlog of more than one read: announce the head first (the client's progress estimate).
        let chunk = page.next < store.head ? `event: heartbeat\ndata: {"head":${store.head}}\n\n` : '';
        for (const [k, j] of page.jsons.entries())
          chunk += `event: change\nid: ${encodeCursor(epoch, store.generation, page.seqs[k + 1] ?? page.next)}\ndata: ${j}\n\n`;
        pos = page.next;
        if (!res.write(chunk)) {
          res.once('drain', () => {
            writing = false;
            pump();
          });
          return;
        }
      }
      writing = false;
    };
    const off = store.onAppend(() => pump());
    const hb = setInterval(() => {
      if (!writing) res.write(`event: heartbeat\ndata: {"head":${store.head}}\n\n`);
    }, o.heartbeatMs);
    let dropTimer: NodeJS.Timeout | undefined;
    if (ctx.roll(ctx.faults.drop)) {
      ctx.count(stats.faults, 'drop');
      dropTimer = setTimeout(() => res.socket?.destroy(), 50 + Math.floor(ctx.rng() * 450));
    }
    const cleanup = () => {
      closed = true;
      off();
      clearInterval(hb);
      if (dropTimer) clearTimeout(dropTimer);
      streams.delete(res);
      stats.streamClients = streams.size;
    };
    res.on('close', cleanup);
    pump();
  };
}
