/**
 * Filtered sub-stores for views narrowed to some blocks and/or channels. The engine functions take
 * a whole MessageStore, so a filtered view runs them over a store holding only the matching
 * messages. Such stores are built once per filter and then kept up to date incrementally with each
 * applied batch; a few of them are kept (least recently used dropped).
 */
import { MessageStore } from '../../../shared/engine/store.js';
import type { NormalizedMessage } from '../../../shared/model.js';

export interface StoreFilter {
  blocks: readonly string[];
  channels: readonly string[];
}

export function filterKey(f: StoreFilter): string {
  return `${[...f.blocks].sort().join(',')}|${[...f.channels].sort().join(',')}`;
}

export function isUnfiltered(f: StoreFilter): boolean {
  return f.blocks.length === 0 && f.channels.length === 0;
}

interface Entry {
  blocks: Set<string> | null;
  channels: Set<string> | null;
  store: MessageStore;
}

export class FilteredStores {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly base: MessageStore,
    private readonly max = 4,
  ) {}

  /** The store for this filter (the base store itself when unfiltered). */
  get(f: StoreFilter): MessageStore {
    if (isUnfiltered(f)) return this.base;
    const key = filterKey(f);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.store;
    }
    const e: Entry = {
      blocks: f.blocks.length ? new Set(f.blocks) : null,
      channels: f.channels.length ? new Set(f.channels) : null,
      store: new MessageStore(),
    };
    const b = this.base;
    for (let r = 0; r < b.size; r++) {
      const block = b.blocks.values[b.block[r]!]!;
      const channel = b.channels.values[b.channel[r]!]!;
      if (matches(e, block, channel)) e.store.upsert(b.toNormalized(r));
    }
    this.entries.set(key, e);
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return e.store;
  }

  /** Mirror a batch already applied to the base store. */
  apply(changed: readonly NormalizedMessage[], removed: readonly string[]): void {
    for (const e of this.entries.values()) {
      for (const m of changed) {
        if (matches(e, m.block, m.channel)) e.store.upsert(m);
        else e.store.remove(m.id);
      }
      for (const id of removed) e.store.remove(id);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

function matches(e: Entry, block: string, channel: string): boolean {
  return (!e.blocks || e.blocks.has(block)) && (!e.channels || e.channels.has(channel));
}
