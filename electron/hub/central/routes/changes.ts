/**
 * GET /v1/messages/changes of the reference server (docs/spec/central-api.md: the changes feed):
 * a page of the log from the cursor's position, with the next cursor, hasMore, the reference
 * version and the log headers; under faults a page may repeat older items, resend an older
 * revision of an id after its newer one, or carry malformed ones.
 */
import { error, gone, logHeaders, sendBody, type RouteHandler, type ServerContext } from '../context.js';
import { cursorPosition, encodeCursor } from '../cursor.js';
import { earlierRevision } from '../faults.js';

export interface ChangesLimits {
  /** Page size without `limit`. */
  defaultLimit: number;
  /** Largest page served, whatever `limit` asks. */
  maxLimit: number;
}

export function changesRoute(ctx: ServerContext, limits: ChangesLimits): RouteHandler {
  const { store, epoch, stats } = ctx;
  return (_req, res, url) => {
    const pos = cursorPosition(store, epoch, url.searchParams.get('cursor'));
    if (pos === null) return gone(res);
    const limRaw = url.searchParams.get('limit');
    let limit = limits.defaultLimit;
    if (limRaw !== null) {
      const n = Number(limRaw);
      if (!Number.isInteger(n) || n < 1) return error(res, 400, 'limit: ожидалось целое число ≥ 1');
      limit = Math.min(n, limits.maxLimit);
    }
    const faults = ctx.faults;
    let from = pos;
    if (ctx.roll(faults.repeat) && pos > store.floor) {
      ctx.count(stats.faults, 'repeat');
      from = Math.max(store.floor, pos - Math.max(1, Math.ceil(limit / 2)));
    }
    const page = store.read(from, limit);
    let items = page.jsons;
    // Log position of each item served (a stale resend carries the position of the item it follows).
    let seqs = page.seqs;
    if (faults.stale) {
      const out: string[] = [];
      const outSeqs: number[] = [];
      for (const [k, j] of items.entries()) {
        out.push(j);
        outSeqs.push(seqs[k]!);
        if (!ctx.roll(faults.stale)) continue;
        const old = earlierRevision(store, j, seqs[k]!);
        if (old === null) continue;
        ctx.count(stats.faults, 'stale');
        out.push(old);
        outSeqs.push(seqs[k]!);
      }
      items = out;
      seqs = outSeqs;
    }
    if (faults.invalid) {
      const out: string[] = [];
      for (const [k, j] of items.entries()) {
        out.push(j);
        if (ctx.roll(faults.invalid)) {
          ctx.count(stats.faults, 'invalid');
          out.push(JSON.stringify({ id: `invalid-${seqs[k]}-${Math.floor(ctx.rng() * 1e9)}`, rev: 1, status: 'испорчено' }));
        }
      }
      items = out;
    }
    const text =
      `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(encodeCursor(epoch, store.generation, page.next))},` +
      `"hasMore":${page.next < store.head},"referenceVersion":${JSON.stringify(store.reference.referenceVersion)}}`;
    sendBody(ctx, res, text, logHeaders(store, page.next));
  };
}
