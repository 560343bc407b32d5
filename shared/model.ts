/**
 * Normalised in-memory form of a message, used by the cache, the engine and the demo generator.
 * Instants are epoch milliseconds (offsets resolved), absent values are null.
 */
import type { Message, Status } from './schema.js';
import { OPEN_STATUSES, DONE_STATUSES } from './schema.js';

export interface NormalizedMessage {
  id: string;
  rev: number;
  channel: string;
  municipality: string;
  block: string;
  category: string;
  createdAt: number;
  dueAt: number;
  firstResponseAt: number | null;
  answeredAt: number | null;
  status: Status;
  reworkCount: number;
  /** kpi.md resonance weight: likes + 3*reposts + 2*comments + views/100 (absent fields count 0). */
  weight: number;
  satisfaction: number | null;
  lat: number | null;
  lon: number | null;
  /** The revision's `updatedAt` (central-api.md 1.1), epoch ms; absent or null when it has none. */
  updatedAt?: number | null;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function resonanceWeight(r: Message['resonance']): number {
  if (!r) return 0;
  return (r.likes ?? 0) + 3 * (r.reposts ?? 0) + 2 * (r.comments ?? 0) + (r.views ?? 0) / 100;
}

export function parseInstant(s: string): number {
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`не метка времени RFC 3339: ${s}`);
  return t;
}

export function normalizeMessage(m: Message): NormalizedMessage {
  return {
    id: m.id,
    rev: m.rev,
    channel: m.channel,
    municipality: m.municipality,
    block: m.block,
    category: m.category,
    createdAt: parseInstant(m.createdAt),
    dueAt: parseInstant(m.dueAt),
    firstResponseAt: m.firstResponseAt ? parseInstant(m.firstResponseAt) : null,
    answeredAt: m.answeredAt ? parseInstant(m.answeredAt) : null,
    status: m.status,
    reworkCount: m.reworkCount ?? 0,
    weight: resonanceWeight(m.resonance),
    satisfaction: m.satisfaction ?? null,
    lat: m.location ? m.location.lat : null,
    lon: m.location ? m.location.lon : null,
    updatedAt: m.updatedAt ? parseInstant(m.updatedAt) : null,
  };
}

export const isOpen = (s: Status): boolean => OPEN_STATUSES.has(s);
export const isDone = (s: Status): boolean => DONE_STATUSES.has(s);
