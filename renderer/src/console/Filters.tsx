/**
 * The console queue's own filter: level, reason, block, municipality, channel, text, and "new
 * since I last looked" (the mark is this console's, kept in its browser storage).
 */
import { useEffect, useState } from 'react';
import type { ConsoleQueueFilter } from '../../../shared/bridge/protocol.js';
import { LEVEL_LABELS, REASON_LABELS, channelLabel } from '../../../shared/blocks.js';
import { useWall } from '../store.js';
import { useNames } from '../names.js';
import { fmtInt } from '../format.js';
import { formatInZone } from '../../../shared/zone.js';
import { filterIsEmpty } from './model.js';

const REASONS = ['overdue', 'due_soon', 'resonance', 'rework', 'cluster'] as const;

export interface FiltersProps {
  filter: ConsoleQueueFilter;
  onChange: (f: ConsoleQueueFilter) => void;
  /** When this console last looked (null: never marked). */
  lastSeen: string | null;
  newCount: number;
  onMarkSeen: () => void;
}

function toggle<T>(list: readonly T[] | undefined, v: T): T[] {
  const l = list ?? [];
  return l.includes(v) ? l.filter((x) => x !== v) : [...l, v];
}

export function Filters({ filter, onChange, lastSeen, newCount, onMarkSeen }: FiltersProps) {
  const reference = useWall((s) => s.hello?.reference ?? null);
  const tz = useWall((s) => s.hello?.region.timezone ?? 'UTC');
  const names = useNames();
  const [text, setText] = useState(filter.text ?? '');
  // the text is sent a moment after typing stops
  useEffect(() => {
    if ((filter.text ?? '') === text) return;
    const t = setTimeout(() => onChange({ ...filter, text: text || undefined }), 300);
    return () => clearTimeout(t);
  }, [text, filter, onChange]);
  useEffect(() => setText(filter.text ?? ''), [filter.text]);

  const set = (patch: Partial<ConsoleQueueFilter>) => onChange({ ...filter, ...patch });
  const blocks = reference?.blocks ?? [];
  const munis = [...(reference?.municipalities ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  const channels = reference?.channels ?? [];
  return (
    <div className="cs-filters" data-testid="console-filters">
      <div className="cs-frow">
        <span className="cs-flabel">Уровень</span>
        {([1, 2, 3] as const).map((l) => (
          <button
            key={l}
            className={`cs-chip lvl-${l} ${filter.levels?.includes(l) ? 'on' : ''}`}
            aria-pressed={filter.levels?.includes(l) ?? false}
            title={LEVEL_LABELS[l]}
            data-filter-level={l}
            onClick={() => set({ levels: toggle(filter.levels, l) })}
          >
            {l}
          </button>
        ))}
        <span className="cs-flabel">Причина</span>
        {REASONS.map((r) => (
          <button
            key={r}
            className={`cs-chip ${filter.reasons?.includes(r) ? 'on' : ''}`}
            aria-pressed={filter.reasons?.includes(r) ?? false}
            data-filter-reason={r}
            onClick={() => set({ reasons: toggle(filter.reasons, r) })}
          >
            {REASON_LABELS[r]}
          </button>
        ))}
      </div>
      <div className="cs-frow">
        <select aria-label="Блок" data-filter="block" value={filter.blocks?.[0] ?? ''} onChange={(e) => set({ blocks: e.target.value ? [e.target.value] : undefined })}>
          <option value="">Все блоки</option>
          {blocks.map((b) => (
            <option key={b.id} value={b.id}>
              {names.block(b.id)}
            </option>
          ))}
        </select>
        <select
          aria-label="Муниципалитет"
          data-filter="municipality"
          value={filter.municipalities?.[0] ?? ''}
          onChange={(e) => set({ municipalities: e.target.value ? [e.target.value] : undefined })}
        >
          <option value="">Все муниципалитеты</option>
          {munis.map((m) => (
            <option key={m.oktmo} value={m.oktmo}>
              {m.name}
            </option>
          ))}
        </select>
        <select aria-label="Канал" data-filter="channel" value={filter.channels?.[0] ?? ''} onChange={(e) => set({ channels: e.target.value ? [e.target.value] : undefined })}>
          <option value="">Все каналы</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {channelLabel(c.id, c.name)}
            </option>
          ))}
        </select>
        <input
          className="cs-search"
          type="search"
          aria-label="Поиск по тексту"
          placeholder="Поиск: текст, номер, исполнитель, адрес"
          maxLength={200}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-filter="text"
        />
      </div>
      <div className="cs-frow">
        <label className="chk">
          <input type="checkbox" checked={filter.onlyNew ?? false} disabled={!lastSeen} onChange={(e) => set({ onlyNew: e.target.checked || undefined })} data-filter="only-new" />
          {lastSeen ? (
            <span>
              Только новые с последнего просмотра ({formatInZone(Date.parse(lastSeen), tz)}): <b className="num" data-testid="new-count">{fmtInt(newCount)}</b>
            </span>
          ) : (
            <span className="cs-muted">Новые с последнего просмотра: отметки ещё нет — поставьте её кнопкой справа</span>
          )}
        </label>
        <button onClick={onMarkSeen} data-testid="mark-seen" title="Запомнить этот момент: всё, что придёт позже, будет отмечено как новое">
          Отметить просмотренным
        </button>
        <button disabled={filterIsEmpty(filter)} onClick={() => onChange({})} data-testid="filters-reset">
          Сбросить фильтры
        </button>
      </div>
    </div>
  );
}
