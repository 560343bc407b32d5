/**
 * Default Russian labels and colours of the nine standard sector blocks and of the channels.
 * The reference dictionaries of /v1/reference are authoritative for names; these are defaults and
 * colours only (a region may add blocks: they get a neutral colour from FALLBACK_COLOURS).
 *
 * Colours: Paul Tol's "light" qualitative scheme (9 colours, designed to stay distinct for
 * deuteranopia, protanopia and tritanopia), chosen because the wall has a dark background.
 * Names, formats and map classes of the indicators are in ./indicators.ts.
 */
import type { Level, ReasonCode, Zone } from './engine/types.js';

export const STANDARD_BLOCKS = [
  'housing',
  'waste',
  'energy',
  'education',
  'health',
  'roads',
  'transport',
  'social',
  'urban',
] as const;
export type StandardBlock = (typeof STANDARD_BLOCKS)[number];

export const BLOCK_LABELS: Readonly<Record<StandardBlock, string>> = {
  housing: 'ЖКХ',
  waste: 'ТКО',
  energy: 'Энергетика',
  education: 'Образование',
  health: 'Здравоохранение',
  roads: 'Дороги',
  transport: 'Транспорт',
  social: 'Социальная защита',
  urban: 'Благоустройство',
};

export const BLOCK_COLOURS: Readonly<Record<StandardBlock, string>> = {
  housing: '#EE8866', // orange
  waste: '#BBCC33', // pear
  energy: '#EEDD88', // light yellow
  education: '#77AADD', // light blue
  health: '#FFAABB', // pink
  roads: '#AAAA00', // olive
  transport: '#99DDFF', // light cyan
  social: '#44BB99', // mint
  urban: '#DDDDDD', // pale grey
};

const FALLBACK_COLOURS = ['#B0B0FF', '#FFB070', '#70D0B0', '#D0A0E0'];

export function blockLabel(id: string, fromReference?: string): string {
  return fromReference ?? (BLOCK_LABELS as Record<string, string>)[id] ?? id;
}

export function blockColour(id: string): string {
  const c = (BLOCK_COLOURS as Record<string, string>)[id];
  if (c) return c;
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return FALLBACK_COLOURS[h % FALLBACK_COLOURS.length]!;
}

export const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  pos: 'Платформа обратной связи',
  vk: 'ВКонтакте',
  ok: 'Одноклассники',
  tg: 'Telegram',
  portal: 'Региональный портал',
  hotline: 'Горячая линия',
  email: 'Электронная почта',
};

export function channelLabel(id: string, fromReference?: string): string {
  return fromReference ?? CHANNEL_LABELS[id] ?? id;
}

export const STATUS_LABELS = {
  new: 'Новое',
  in_progress: 'В работе',
  answered: 'Дан ответ',
  rework: 'На доработке',
  closed: 'Закрыто',
  rejected: 'Отклонено',
} as const;

/** Who must act at each escalation level (docs/spec/kpi.md, "Escalation queue"). */
export const LEVEL_LABELS: Readonly<Record<Level, string>> = {
  1: 'Руководитель отраслевого блока',
  2: 'Ответственный за отраслевой блок',
  3: 'Куратор ЦУР',
};

export const REASON_LABELS: Readonly<Record<ReasonCode, string>> = {
  overdue: 'Просрочено',
  due_soon: 'Срок истекает',
  resonance: 'Высокий резонанс',
  rework: 'Повторная доработка',
  cluster: 'Массовая проблема',
};

export const ZONE_LABELS: Readonly<Record<Zone, string>> = {
  green: 'Зелёная зона',
  yellow: 'Жёлтая зона',
  red: 'Красная зона',
  none: 'мало данных',
};
