/**
 * What one record may be at most before the cache will store it (docs/sync.md, «Пределы»):
 * a text longer than MAX_TEXT_CHARS or JSON nested deeper than MAX_JSON_DEPTH is quarantined
 * with the reason, the rest of the batch applied and the cursor moved on — one poisonous record
 * never stops sync nor blanks the wall (masking and JSON.stringify are never handed it).
 * The quarantine keeps at most QUARANTINE_RAW_CHARS of a record's raw text and at most
 * QUARANTINE_MAX_ROWS rows (the oldest dropped, their number kept).
 */

/** Characters of a message's `text` at most (about 40 pages of typed text). */
export const MAX_TEXT_CHARS = 100_000;
/** Levels of JSON nesting in one record at most (a message needs 3). */
export const MAX_JSON_DEPTH = 32;
/** Characters of a quarantined record's raw copy kept. */
export const QUARANTINE_RAW_CHARS = 8192;
/** Rows the quarantine table keeps at most (the oldest are dropped first). */
export const QUARANTINE_MAX_ROWS = 10_000;

const fmt = (n: number) => n.toLocaleString('ru-RU');

/**
 * Why `raw` must not be stored, or null. Iterative (a record nested a million levels deep is
 * looked at without recursion) and stops at the first level past the limit.
 */
export function poisonReason(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object') return null;
  const text = (raw as { text?: unknown }).text;
  if (typeof text === 'string' && text.length > MAX_TEXT_CHARS)
    return `текст обращения длиннее ${fmt(MAX_TEXT_CHARS)} символов (${fmt(text.length)}): запись не принята`;
  const stack: unknown[] = [raw];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const v = stack.pop() as object;
    const d = depths.pop()!;
    if (d > MAX_JSON_DEPTH) return `вложенность JSON глубже ${MAX_JSON_DEPTH} уровней: запись не принята`;
    if (Array.isArray(v)) {
      for (const x of v)
        if (x !== null && typeof x === 'object') {
          stack.push(x);
          depths.push(d + 1);
        }
    } else
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object') {
          stack.push(x);
          depths.push(d + 1);
        }
      }
  }
  return null;
}

/** A raw copy for the quarantine: at most QUARANTINE_RAW_CHARS, the cut said. */
export function truncateRaw(raw: string): string {
  if (raw.length <= QUARANTINE_RAW_CHARS) return raw;
  return `${raw.slice(0, QUARANTINE_RAW_CHARS)}… [обрезано: ${fmt(raw.length)} символов]`;
}

/** A record as text for the quarantine, never throwing, never longer than the cap (deep or huge ones described). */
export function rawForQuarantine(raw: unknown, poisoned: boolean): string {
  if (typeof raw === 'string') return truncateRaw(raw);
  if (poisoned) {
    const o = raw as { id?: unknown; rev?: unknown };
    return truncateRaw(`{"id":${JSON.stringify(typeof o.id === 'string' ? o.id.slice(0, 200) : null)},"rev":${typeof o.rev === 'number' ? o.rev : null},…}`);
  }
  try {
    return truncateRaw(JSON.stringify(raw) ?? String(raw));
  } catch {
    return truncateRaw(String(raw));
  }
}
