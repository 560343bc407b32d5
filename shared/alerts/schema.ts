/**
 * The alert of docs/spec/alerts.md ("An alert") as it crosses a boundary (bridge, CLI JSON,
 * cache), and the operator's marks on it. Instants are RFC 3339 strings.
 */
import { z } from 'zod';

const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'не метка времени RFC 3339' });

export const ALERT_STATES = ['growing', 'steady', 'fading', 'ended'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const AlertSchema = z
  .object({
    id: z.string().min(1),
    municipality: z.string().min(1),
    block: z.string().min(1),
    category: z.string().min(1).nullable(),
    messageIds: z.array(z.string().min(1)).min(3),
    count: z.number().int().min(3),
    expected: z.number().min(0),
    firstAt: Instant,
    raisedAt: Instant,
    lastAt: Instant,
    endedAt: Instant.nullable(),
    state: z.enum(ALERT_STATES),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    center: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).nullable(),
    radiusKm: z.number().min(0).nullable(),
  })
  .strict()
  .refine((a) => a.count === a.messageIds.length, { message: 'count не равен числу messageIds' })
  .refine((a) => (a.center === null) === (a.radiusKm === null), { message: 'center и radiusKm задаются вместе' })
  .refine((a) => (a.endedAt === null) === (a.state !== 'ended'), { message: 'endedAt задан тогда и только тогда, когда state = ended' })
  .refine((a) => Date.parse(a.firstAt) <= Date.parse(a.lastAt), { message: 'firstAt позже lastAt' });
export type Alert = z.infer<typeof AlertSchema>;

/** The `alerts --json` output of docs/spec/alerts.md ("Command line"). */
export const AlertsOutputSchema = z.object({ from: z.string(), to: z.string(), alerts: z.array(AlertSchema) }).strict();
export type AlertsOutput = z.infer<typeof AlertsOutputSchema>;

/** Operator marks (docs/spec/alerts.md, "An alert raised is never taken back"): kept in the cache. */
export const ALERT_MARKS = ['seen', 'under_control', 'false_alarm'] as const;
export type AlertMarkKind = (typeof ALERT_MARKS)[number];
export const ALERT_MARK_LABELS: Readonly<Record<AlertMarkKind, string>> = {
  seen: 'просмотрено',
  under_control: 'взято на контроль',
  false_alarm: 'ложная тревога',
};

export const AlertMarkInputSchema = z
  .object({
    alertId: z.string().min(1).max(200),
    mark: z.enum(ALERT_MARKS),
    operator: z.string().trim().min(1, 'не указан оператор').max(100),
    comment: z.string().max(2000).nullable().optional(),
    at: Instant,
  })
  .strict()
  .refine((m) => m.mark !== 'under_control' || (m.comment ?? '').trim() !== '', {
    message: 'для отметки «взято на контроль» нужен комментарий',
  });
export type AlertMarkInput = z.infer<typeof AlertMarkInputSchema>;

export interface AlertMark {
  alertId: string;
  mark: AlertMarkKind;
  operator: string;
  comment: string | null;
  at: string;
}
