/**
 * What the wall shows, steered from the console: scene, playlist, pin, the wall's period and
 * blocks. It changes the wall only by sending intents to the hub — and it never changes the
 * console's own queue (./QueueTab.tsx has its own filter).
 */
import type { Bridge } from '../../../shared/bridge/client.js';
import type { Intent } from '../../../shared/bridge/wallState.js';
import { BRIEFING_PERIODS, WINDOW_LABELS, WINDOW_PRESETS, sceneTitle, type BriefingPeriod } from '../../../shared/bridge/wallState.js';
import { STANDARD_BLOCKS, blockColour } from '../../../shared/blocks.js';
import { useWall } from '../store.js';
import { useNames } from '../names.js';
import { ReportButton } from './report/ReportButton.js';

/** The briefing scene's period, as its buttons name it (the wall's title says «Брифинг: неделя …»). */
const BRIEFING_PERIOD_LABELS: Readonly<Record<BriefingPeriod, string>> = {
  week: 'Неделя (7 дней)',
  month: 'Месяц (30 дней)',
};

export function WallControls({ bridge, onError }: { bridge: Bridge; onError: (m: string | null) => void }) {
  const wall = useWall((s) => s.wall);
  const hello = useWall((s) => s.hello);
  const names = useNames();
  const send = (intent: Intent) =>
    bridge.request('intent', intent).then(
      () => onError(null),
      (e: Error) => onError(`Стена не переключена: ${e.message}`),
    );
  const scenes = hello?.scenes ?? [];
  const blocks = hello?.reference?.blocks.map((b) => b.id) ?? [...STANDARD_BLOCKS];
  const fBlocks = wall?.filters.blocks ?? [];
  return (
    <aside className="console-side cs-wall" aria-label="Что показывает стена">
      <h2>Сцена на стене</h2>
      <div className="scene-now" data-testid="console-scene">
        {wall ? sceneTitle(wall.scene, names) : '—'} {wall?.pinned && <b>(закреплена)</b>}
      </div>
      <div className="btn-row">
        <button onClick={() => send({ type: 'playlistPrev' })}>◀ Назад</button>
        {wall?.playlist.paused ? (
          <button onClick={() => send({ type: 'playlistResume' })}>▶ Продолжить</button>
        ) : (
          <button onClick={() => send({ type: 'playlistPause' })}>❚❚ Пауза</button>
        )}
        <button onClick={() => send({ type: 'playlistNext' })}>Вперёд ▶</button>
        {wall?.pinned ? (
          <button onClick={() => send({ type: 'unpin' })}>Открепить</button>
        ) : (
          <button onClick={() => send({ type: 'pin' })}>Закрепить</button>
        )}
      </div>
      <ul className="scene-list">
        {scenes.map((s) => (
          <li key={s.id}>
            <button className={wall?.scene === s.id ? 'on' : ''} data-scene={s.id} onClick={() => send({ type: 'setScene', scene: s.id })}>
              {s.title}
            </button>
          </li>
        ))}
      </ul>
      <h2>Период на стене</h2>
      <div className="btn-row">
        {WINDOW_PRESETS.map((w) => (
          <button key={w} className={wall?.filters.window === w ? 'on' : ''} onClick={() => send({ type: 'setFilters', window: w })}>
            {WINDOW_LABELS[w]}
          </button>
        ))}
      </div>
      <h2>Период брифинга</h2>
      <div className="btn-row" role="group" aria-label="Период брифинга" data-testid="briefing-period">
        {BRIEFING_PERIODS.map((p) => (
          <button
            key={p}
            data-period={p}
            className={(wall?.briefingPeriod ?? 'week') === p ? 'on' : ''}
            aria-pressed={(wall?.briefingPeriod ?? 'week') === p}
            onClick={() => send({ type: 'setBriefingPeriod', period: p })}
          >
            {BRIEFING_PERIOD_LABELS[p]}
          </button>
        ))}
      </div>
      <h2>Блоки на стене</h2>
      <div className="btn-row wrap">
        {blocks.map((b) => (
          <label key={b} className="chk">
            <input
              type="checkbox"
              checked={fBlocks.includes(b)}
              onChange={(e) => send({ type: 'setFilters', blocks: e.target.checked ? [...fBlocks, b] : fBlocks.filter((x) => x !== b) })}
            />
            <span style={{ color: blockColour(b) }}>{names.block(b)}</span>
          </label>
        ))}
      </div>
      <ReportButton bridge={bridge} />
    </aside>
  );
}
