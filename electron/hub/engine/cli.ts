/**
 * What the `kpi`, `rating` and `queue` commands share: opening the cache read-only, loading the
 * store, reading the options, and drawing readable Russian tables (names and formats of the
 * figures come from shared/indicators.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { openCache, CacheOpenError } from '../cache/cache.js';
import type { Cache } from '../cache/api.js';
import { CliError, UsageError, optionalString, parseInstantOption, type CommandContext } from '../cli/command.js';
import { checkThresholds } from '../../../shared/engine/thresholds.js';
import type { Thresholds } from '../../../shared/engine/types.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import type { KpiReference } from '../../../shared/engine/kpi.js';
import type { RatingMunicipality } from '../../../shared/engine/rating.js';
import { engineReference, loadStore, loadStoreAt } from './load.js';

export interface Loaded {
  cache: Cache;
  store: MessageStore;
  reference: KpiReference;
  municipalities: RatingMunicipality[];
  /** Region's time zone for readable output (UTC when the cache has no region). */
  zone: string;
  regionName: string | null;
}

/**
 * Opens the cache read-only (never creates one) and loads every current message — or, with
 * `asOf`, the messages as they stood at that instant (docs/spec/kpi.md v2: the state of each at
 * `asOf`, from the history of revisions), which is what `kpi`, `rating` and `queue` count at `--now`.
 */
export function loadFromCache(path: string, opts: { asOf?: number } = {}): Loaded {
  if (path !== ':memory:' && !existsSync(path)) throw new CliError(`кэш не найден: ${path}`);
  let cache: Cache;
  try {
    cache = openCache(path, { readonly: true });
  } catch (e) {
    if (e instanceof CacheOpenError) throw new CliError(e.message);
    throw e;
  }
  try {
    const store = opts.asOf === undefined ? loadStore(cache) : loadStoreAt(cache, opts.asOf);
    const { reference, municipalities } = engineReference(cache, store);
    const region = cache.getRegion();
    let zone = region?.timezone ?? 'UTC';
    if (!DateTime.now().setZone(zone).isValid) zone = 'UTC';
    return { cache, store, reference, municipalities, zone, regionName: region?.name ?? null };
  } catch (e) {
    cache.close();
    throw e;
  }
}

export interface Instant {
  ms: number;
  text: string;
}

export function instantOption(ctx: CommandContext, name: string): Instant {
  const ms = parseInstantOption(ctx, name);
  return { ms, text: ctx.values[name] as string };
}

/** --from, --to (from < to) and --now. */
export function windowOptions(ctx: CommandContext): { from: Instant; to: Instant; now: Instant } {
  const from = instantOption(ctx, 'from');
  const to = instantOption(ctx, 'to');
  const now = instantOption(ctx, 'now');
  if (!(from.ms < to.ms)) throw new UsageError(`--from должно быть раньше --to (получено ${from.text} и ${to.text})`);
  return { from, to, now };
}

/** --thresholds FILE.json: a partial Thresholds object. */
export function thresholdsOption(ctx: CommandContext): Partial<Thresholds> | undefined {
  const file = optionalString(ctx, 'thresholds');
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`файл порогов не найден: ${file}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CliError(`файл порогов ${file}: не JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const r = checkThresholds(raw);
  if (!r.ok) throw new CliError(`файл порогов ${file}: ${r.reason}`);
  return r.value;
}

export function writeJson(ctx: CommandContext, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** dd.MM.yyyy HH:mm in the zone. */
export function fmtTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('dd.MM.yyyy HH:mm');
}

// Numbers are formatted by the registry of indicators (shared/indicators.ts).

/** A plain text table; `left` lists the columns aligned left (default: the first only), the others right. */
export function table(header: string[], rows: string[][], left: readonly number[] = [0]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}
