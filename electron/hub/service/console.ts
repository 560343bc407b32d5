/**
 * The duty officer's console service: the console's own escalation queue and a message's card,
 * both console-only (shared/bridge/protocol.ts `getConsoleQueue`, `getMessageCard`; the router
 * refuses them to wall clients and the handlers refuse again, since they carry full texts and
 * assignees), and the `outboxChanged` event that tells consoles an action changed its state.
 *
 * The queue is that of kpi.md ("Escalation queue") over the whole data set at the hub's `now`,
 * in its order, whatever the wall shows: the console's filter (level, reason, block,
 * municipality, channel, text, "new since") is its own, and pages run through every matching item.
 * The card shows the message in full, its revisions (`history`: what the cache holds — today the
 * current revision only), its place in the queue, the actions taken on it from the outbox with
 * their state, and the executors it can be assigned to: a directory built from the assignees seen
 * on messages of its municipality and block, the region-wide bodies seen on its block, and the
 * municipality's administration from the reference.
 */
import type { Cache } from '../cache/api.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import type { QueueItem, Thresholds } from '../../../shared/engine/types.js';
import { computeQueue } from '../../../shared/engine/queue.js';
import { blockLabel, channelLabel } from '../../../shared/blocks.js';
import { STATUSES, type Message } from '../../../shared/schema.js';
import type {
  ConsoleAction,
  ConsoleActionState,
  ConsoleQueueItem,
  ConsoleQueueResult,
  Executor,
  MessageCardResult,
  MethodTypes,
  Role,
} from '../../../shared/bridge/protocol.js';
import { toDisposable, type Disposable } from '../../../shared/lifecycle.js';
import { outboxByMessage, watchOutbox, type OutboxEntry, type OutboxState } from '../outbox/outbox.js';
import type { DataChange, Names } from './dataset.js';
import type { EventSink, EventSource, HubEventMap } from './events.js';
import { HubError } from './errors.js';
import type { Handlers } from './router.js';

const EXCERPT_CHARS = 200;
/** Message details kept for the text search (bounded; refreshed when a message's rev changes). */
const DETAILS_MAX = 50_000;
/** The executor directory of a (municipality, block) is read again after … */
const DIRECTORY_TTL_MS = 60_000;
const DIRECTORY_MAX = 500;
/** Actions listed per message. */
const ACTIONS_PER_MESSAGE = 50;

/** What the console service reads of the data set. */
export interface ConsoleData {
  readonly store: MessageStore;
  readonly names: Names;
  readonly thresholds: Thresholds;
  readonly dataVersion: number;
  readonly events: EventSource<{ changed: DataChange }>;
}

export interface ConsoleDeps {
  data: ConsoleData;
  cache: Pick<Cache, 'getMessage' | 'db'>;
  events: EventSink<HubEventMap>;
  now: () => number;
}

const STATE_OF: Record<OutboxState, ConsoleActionState> = {
  pending: 'queued',
  sending: 'sending',
  done: 'accepted',
  failed: 'failed',
};

/** An outbox entry as the console shows it; `currentRev`: the message's rev in the cache now. */
export function consoleAction(e: OutboxEntry, currentRev: number | null): ConsoleAction {
  return {
    id: e.action.id,
    type: e.action.type,
    payload: e.action.payload,
    at: e.action.at,
    operator: e.action.operator,
    state: STATE_OF[e.state],
    attempts: e.attempts,
    error: e.lastError,
    serverRev: e.serverRev,
    applied: e.state === 'done' && e.serverRev !== null && currentRev !== null && currentRev >= e.serverRev,
    updatedAt: e.updatedAt,
  };
}

interface Details {
  rev: number;
  text: string;
  assignee: string | null;
  /** Lower-case haystack of the text search. */
  hay: string;
}

export class ConsoleService implements Disposable {
  private queueMemo: { key: string; items: QueueItem[] } | null = null;
  private readonly details = new Map<string, Details>();
  private readonly directory = new Map<string, { at: number; list: Executor[] }>();
  private readonly subs: Disposable[] = [];

  constructor(private readonly deps: ConsoleDeps) {
    this.subs.push(
      deps.data.events.on('changed', (c) => {
        this.queueMemo = null;
        if (c.kind === 'reload') {
          this.details.clear();
          this.directory.clear();
        }
      }),
    );
    const unwatch = watchOutbox(deps.cache, (e) =>
      deps.events.emit('outboxChanged', { actionId: e.action.id, messageId: e.action.messageId, state: STATE_OF[e.state] }),
    );
    this.subs.push(toDisposable(unwatch));
  }

  handlers(): Pick<Handlers, 'getConsoleQueue' | 'getMessageCard'> {
    return {
      getConsoleQueue: (p, { role }) => this.queue(p, role),
      getMessageCard: ({ id }, { role }) => this.card(id, role),
    };
  }

  private static check(role: Role, what: string): void {
    // The router refuses these methods to wall clients already; this keeps it so if it ever did not.
    if (role !== 'console') throw new HubError('forbidden', `«${what}» доступно только пульту оператора`);
  }

  /** The whole queue at `now` (kpi.md order), computed once per data version and second. */
  private wholeQueue(now: number): QueueItem[] {
    const d = this.deps.data;
    const key = `${d.dataVersion}:${now}`;
    if (this.queueMemo?.key === key) return this.queueMemo.items;
    const items = computeQueue(d.store, { now, thresholds: d.thresholds }).items;
    this.queueMemo = { key, items };
    return items;
  }

  private nowSec(): number {
    return Math.floor(this.deps.now() / 1000) * 1000;
  }

  private detailsOf(id: string, rev: number): Details {
    const held = this.details.get(id);
    if (held && held.rev === rev) return held;
    const m = this.deps.cache.getMessage(id);
    const names = this.deps.data.names;
    const text = m?.text ?? '';
    const assignee = m?.assignee ?? null;
    const hay = [
      id,
      text,
      assignee ?? '',
      m ? (names.municipalities.get(m.municipality) ?? m.municipality) : '',
      m ? (names.categories.get(m.category) ?? m.category) : '',
    ]
      .join('\n')
      .toLocaleLowerCase('ru');
    const d: Details = { rev, text, assignee, hay };
    if (this.details.size >= DETAILS_MAX) this.details.delete(this.details.keys().next().value as string);
    this.details.set(id, d);
    return d;
  }

  queue(p: MethodTypes['getConsoleQueue']['params'], role: Role): ConsoleQueueResult {
    ConsoleService.check(role, 'getConsoleQueue');
    const d = this.deps.data;
    const store = d.store;
    const now = this.nowSec();
    const all = this.wholeQueue(now);
    const levels = p.levels?.length ? new Set<number>(p.levels) : null;
    const reasons = p.reasons?.length ? p.reasons : null;
    const blocks = p.blocks?.length ? new Set(p.blocks) : null;
    const munis = p.municipalities?.length ? new Set(p.municipalities) : null;
    const channels = p.channels?.length ? new Set(p.channels.map((c) => store.channels.lookup(c) ?? -1)) : null;
    const since = p.since !== undefined ? Date.parse(p.since) : null;
    const needle = p.text?.trim().toLocaleLowerCase('ru') || null;

    const matched: QueueItem[] = [];
    let newCount = 0;
    const byLevel = { 1: 0, 2: 0, 3: 0 };
    for (const q of all) {
      const r = store.getRow(q.id);
      if (r === undefined) continue;
      const fresh = since !== null && store.createdAt[r]! > since;
      if (fresh) newCount++;
      if (levels && !levels.has(q.level)) continue;
      if (reasons && !reasons.some((x) => q.reasons.includes(x))) continue;
      if (blocks && !blocks.has(q.block)) continue;
      if (munis && !munis.has(q.municipality)) continue;
      if (channels && !channels.has(store.channel[r]!)) continue;
      if (p.onlyNew && since !== null && !fresh) continue;
      if (needle && !this.detailsOf(q.id, store.rev[r]!).hay.includes(needle)) continue;
      matched.push(q);
      byLevel[q.level]++;
    }
    const page = matched.slice(p.offset, p.offset + p.limit);
    const actions = outboxByMessage(this.deps.cache as Cache, page.map((q) => q.id), ACTIONS_PER_MESSAGE);
    return {
      now: new Date(now).toISOString(),
      dataVersion: d.dataVersion,
      total: all.length,
      matched: matched.length,
      offset: p.offset,
      limit: p.limit,
      items: page.map((q) => this.item(q, since, actions.get(q.id) ?? [])),
      byLevel,
      newCount,
    };
  }

  private item(q: QueueItem, since: number | null, actions: OutboxEntry[]): ConsoleQueueItem {
    const store = this.deps.data.store;
    const names = this.deps.data.names;
    const r = store.getRow(q.id)!;
    const rev = store.rev[r]!;
    const det = this.detailsOf(q.id, rev);
    const category = store.categories.values[store.category[r]!]!;
    const last = actions.at(-1);
    return {
      ...q,
      blockName: blockLabel(q.block, names.blocks.get(q.block)),
      municipalityName: names.municipalities.get(q.municipality) ?? q.municipality,
      category,
      categoryName: names.categories.get(category) ?? category,
      channel: store.channels.values[store.channel[r]!]!,
      status: STATUSES[store.status[r]!]!,
      createdAt: new Date(store.createdAt[r]!).toISOString(),
      dueAt: new Date(store.dueAt[r]!).toISOString(),
      excerpt: det.text.length > EXCERPT_CHARS ? det.text.slice(0, EXCERPT_CHARS - 1).trimEnd() + '…' : det.text,
      rev,
      assignee: det.assignee,
      isNew: since !== null && store.createdAt[r]! > since,
      lastAction: last ? consoleAction(last, rev) : null,
      actionCount: actions.length,
    };
  }

  card(id: string, role: Role): MessageCardResult {
    ConsoleService.check(role, 'getMessageCard');
    const names = this.deps.data.names;
    const m = this.deps.cache.getMessage(id);
    if (!m) throw new HubError('not_found', `сообщение «${id}» не найдено`);
    const entries = outboxByMessage(this.deps.cache as Cache, [id], ACTIONS_PER_MESSAGE).get(id) ?? [];
    const actions = entries.map((e) => consoleAction(e, m.rev));
    const q = this.wholeQueue(this.nowSec()).find((x) => x.id === id) ?? null;
    let escalatedTo: 1 | 2 | 3 | null = null;
    for (const a of actions) {
      const lv = a.payload.level;
      if (a.type === 'escalate' && a.state !== 'failed' && (lv === 1 || lv === 2 || lv === 3) && (escalatedTo === null || lv > escalatedTo))
        escalatedTo = lv;
    }
    return {
      message: m,
      blockName: blockLabel(m.block, names.blocks.get(m.block)),
      categoryName: names.categories.get(m.category) ?? m.category,
      municipalityName: names.municipalities.get(m.municipality) ?? m.municipality,
      channelName: channelLabel(m.channel, names.channels.get(m.channel)),
      history: [m],
      historyComplete: false,
      queue: q ? { level: q.level, reasons: q.reasons, overdueMin: q.overdueMin, weight: q.weight } : null,
      escalatedTo,
      actions,
      executors: this.executors(m),
    };
  }

  /**
   * Whom a message can be assigned to: the assignees seen on messages of its municipality and
   * block (most used first), the bodies seen on its block in at least two municipalities
   * (regional ministries and services), and the municipality's administration named from the
   * reference (when not seen already).
   */
  executors(m: Pick<Message, 'municipality' | 'block'>): Executor[] {
    const key = `${m.municipality}\u0000${m.block}`;
    const now = this.deps.now();
    const held = this.directory.get(key);
    if (held && now - held.at < DIRECTORY_TTL_MS) return held.list;
    const db = this.deps.cache.db;
    // A read of the cache's own columns (municipality, block) and the contract JSON it keeps.
    const local = db
      .prepare(
        `SELECT json_extract(json, '$.assignee') AS name, COUNT(*) AS n FROM messages
         WHERE deleted = 0 AND municipality = ? AND block = ? AND json_extract(json, '$.assignee') IS NOT NULL
         GROUP BY name ORDER BY n DESC, name LIMIT 20`,
      )
      .all(m.municipality, m.block) as { name: string; n: number }[];
    const regional = db
      .prepare(
        `SELECT json_extract(json, '$.assignee') AS name, COUNT(*) AS n, COUNT(DISTINCT municipality) AS places FROM messages
         WHERE deleted = 0 AND block = ? AND json_extract(json, '$.assignee') IS NOT NULL
         GROUP BY name HAVING places >= 2 ORDER BY n DESC, name LIMIT 10`,
      )
      .all(m.block) as { name: string; n: number }[];
    const out: Executor[] = [];
    const seen = new Set<string>();
    const add = (e: Executor) => {
      const name = e.name.trim();
      if (!name || seen.has(name) || out.length >= 50) return;
      seen.add(name);
      out.push({ ...e, name });
    };
    for (const r of local) add({ name: String(r.name), source: 'seen', scope: 'municipality', count: r.n });
    for (const r of regional) add({ name: String(r.name), source: 'seen', scope: 'block', count: r.n });
    const muniName = this.deps.data.names.municipalities.get(m.municipality);
    if (muniName) add({ name: `Администрация муниципального образования «${muniName}»`, source: 'reference', scope: 'municipality', count: 0 });
    if (this.directory.size >= DIRECTORY_MAX) this.directory.delete(this.directory.keys().next().value as string);
    this.directory.set(key, { at: now, list: out });
    return out;
  }

  dispose(): void {
    for (const s of this.subs.splice(0)) s.dispose();
  }
}
