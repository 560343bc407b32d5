/**
 * The wall's panels: their ids (used by the wall plan, `?panels=` and the renderer's panel
 * registry, renderer/src/panels/registry.ts) and their Russian names. Pure and isomorphic.
 *
 * A new panel gets its id here first; the renderer's registry must then give it a component
 * (tests/unit/renderer/src/panels/registry.test.ts checks that every id has one).
 */
import { z } from 'zod';

export const PANEL_IDS = ['map', 'gauges', 'queue', 'rating', 'ticker', 'briefing', 'incidents'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

/** What each panel is, in Russian (messages, the plan's summary). */
export const PANEL_NAMES: Readonly<Record<PanelId, string>> = {
  map: 'карта региона',
  gauges: 'показатели отраслевых блоков',
  queue: 'очередь эскалации',
  rating: 'рейтинг муниципалитетов',
  ticker: 'лента последних обращений',
  briefing: 'брифинг: главные цифры, рейтинг, проблемы, блоки',
  incidents: 'всплески обращений',
};

export function isPanelId(x: unknown): x is PanelId {
  return typeof x === 'string' && (PANEL_IDS as readonly string[]).includes(x);
}

/** «map (карта региона), gauges (…), …» — the valid ids, for error messages. */
export function panelChoicesText(): string {
  return PANEL_IDS.map((id) => `${id} (${PANEL_NAMES[id]})`).join(', ');
}

function shown(x: unknown): string {
  const s = typeof x === 'string' ? x : JSON.stringify(x) ?? String(x);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** «неизвестная панель «clok»; допустимые: map (карта региона), …». */
export function unknownPanelMessage(id: unknown): string {
  return `неизвестная панель «${shown(id)}»; допустимые: ${panelChoicesText()}`;
}

export const PanelIdSchema = z.enum(PANEL_IDS, { error: (iss) => unknownPanelMessage(iss.input) });

/** A display's own panel set: known ids, each once, in the order they are laid out. */
export const PanelListSchema = z
  .array(PanelIdSchema)
  .min(1)
  .max(PANEL_IDS.length)
  .superRefine((ids, ctx) => {
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `панель «${id}» указана дважды`, input: id });
    });
  });
