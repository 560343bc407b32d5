/**
 * The console's «Всплески» (docs/spec/alerts.md): the active incidents and those of the period,
 * each with its messages (full texts: the console's), the operator's marks (seen; taken under
 * control, with a comment in an in-app dialog; false alarm — kept by the hub, shown by every
 * window, surviving restarts) and a sound on a new incident (bundled, switchable here; wall
 * windows never play it).
 */
import { useEffect, useRef, useState } from 'react';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Bridge } from '../../../../shared/bridge/client.js';
import type { GetAlertResult, Incident } from '../../../../shared/bridge/protocol.js';
import type { AlertMarkKind } from '../../../../shared/alerts/schema.js';
import { useAlerts } from '../../alerts.js';
import { IncidentRow } from '../../components/IncidentRow.js';
import { markLabel } from '../../components/incidentText.js';
import { useNow, useTimezone } from '../../hooks.js';
import { fmtTime } from '../../format.js';
import chimeUrl from '../../../../assets/sounds/chime.wav?url';
import './incidents.css';

const SOUND_KEY = 'situation-wall.console.alertSound';

function soundPref(): boolean {
  try {
    return globalThis.localStorage?.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** The console's sound: on/off (kept in localStorage), how often it played, why it could not. */
export const soundStore = createStore<{ on: boolean; played: number; blocked: string | null }>()(() => ({ on: soundPref(), played: 0, blocked: null }));
let audio: HTMLAudioElement | null = null;
const el = () => (audio ??= new Audio(chimeUrl));

function play(count: boolean): void {
  const a = el();
  a.muted = false;
  a.currentTime = 0;
  a.play().then(
    () => soundStore.setState((s) => ({ blocked: null, played: s.played + (count ? 1 : 0) })),
    (e: unknown) => soundStore.setState({ blocked: e instanceof Error ? e.name : 'error' }), // NotAllowedError: no click on the page yet
  );
}

export function setSound(on: boolean): void {
  soundStore.setState({ on });
  try {
    globalThis.localStorage?.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // no storage: the choice lasts this session
  }
  if (on) play(false); // a check that it is heard
}

/**
 * Mounted once by the console whatever its tab: plays the chime once per newly heard incident
 * while the sound is on. Browsers let a page play sound only after a click or key on it: the first
 * one unlocks the audio silently.
 */
export function ConsoleAlertSound(): null {
  const heard = useAlerts((s) => s.heard);
  const on = useStore(soundStore, (s) => s.on);
  const seen = useRef(heard.length);
  useEffect(() => {
    const unlock = () => {
      const a = el();
      a.muted = true;
      a.play().then(
        () => {
          a.pause();
          a.currentTime = 0;
          a.muted = false;
          soundStore.setState({ blocked: null });
        },
        () => {
          a.muted = false;
        },
      );
    };
    document.addEventListener('pointerdown', unlock, { once: true, capture: true });
    document.addEventListener('keydown', unlock, { once: true, capture: true });
    return () => {
      document.removeEventListener('pointerdown', unlock, { capture: true });
      document.removeEventListener('keydown', unlock, { capture: true });
    };
  }, []);
  useEffect(() => {
    const fresh = heard.length > seen.current;
    seen.current = heard.length;
    if (fresh && on) play(true);
  }, [heard, on]);
  return null;
}

function ControlDialog({ incident, onCancel, onDone }: { incident: Incident; onCancel: () => void; onDone: (comment: string) => void }) {
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="ci-dialog-back" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="ci-dialog" role="dialog" aria-modal="true" aria-labelledby="ci-dialog-title" data-testid="control-dialog">
        <h3 id="ci-dialog-title">Взять на контроль</h3>
        <p>
          {incident.categoryName || incident.blockName} — {incident.municipalityName}
        </p>
        <label>
          Комментарий (что сделано, кто отвечает)
          <textarea ref={ref} value={text} maxLength={2000} rows={4} onChange={(e) => setText(e.target.value)} data-testid="control-comment" />
        </label>
        <div className="btn-row">
          <button className="on" disabled={!text.trim()} onClick={() => onDone(text.trim())} data-testid="control-confirm">
            Взять на контроль
          </button>
          <button onClick={onCancel}>Отмена</button>
        </div>
      </div>
    </div>
  );
}

export function ConsoleIncidents({ bridge }: { bridge: Bridge }) {
  const data = useAlerts((s) => s.data);
  const tz = useTimezone();
  const now = useNow(30_000);
  const { on: sound, played, blocked } = useStore(soundStore);
  const [open, setOpen] = useState<Record<string, GetAlertResult | 'loading' | string>>({});
  const [dialog, setDialog] = useState<Incident | null>(null);
  const [msg, setMsg] = useState<string | null>(null);

  const toggleSound = setSound;
  const load = (id: string) =>
    bridge.request('getAlert', { id }).then(
      (r) => setOpen((o) => ({ ...o, [id]: r })),
      (e: Error) => setOpen((o) => ({ ...o, [id]: `Сообщения недоступны: ${e.message}` })),
    );
  const toggle = (id: string) => {
    if (open[id]) {
      const { [id]: _drop, ...rest } = open;
      setOpen(rest);
      return;
    }
    setOpen({ ...open, [id]: 'loading' });
    void load(id);
  };
  const mark = (i: Incident, m: AlertMarkKind, comment?: string) =>
    bridge.request('markAlert', { id: i.alert.id, mark: m, ...(comment ? { comment } : {}) }).then(
      () => {
        setMsg(`Отмечено: «${markLabel(m)}» — ${i.categoryName || i.blockName}, ${i.municipalityName}`);
        if (open[i.alert.id]) void load(i.alert.id);
      },
      (e: Error) => setMsg(`Отметка не принята: ${e.message}`),
    );

  const active = data?.active ?? [];
  const activeIds = new Set(active.map((i) => i.alert.id));
  const past = (data?.period ?? []).filter((i) => !activeIds.has(i.alert.id));
  const row = (i: Incident) => {
    const o = open[i.alert.id];
    return (
      <div key={i.alert.id} className="ci-item" data-alert={i.alert.id}>
        <ol className="inc-list">
          <IncidentRow i={i} now={now} tz={tz} />
        </ol>
        {i.mark?.comment && <div className="ci-comment">Комментарий: {i.mark.comment} ({i.mark.operator}, {fmtTime(i.mark.at, tz)})</div>}
        <div className="cq-actions">
          <button onClick={() => void mark(i, 'seen')} data-testid="mark-seen">Просмотрено</button>
          <button onClick={() => setDialog(i)} data-testid="mark-control">Взять на контроль…</button>
          <button onClick={() => void mark(i, 'false_alarm')} data-testid="mark-false">Ложная тревога</button>
          <button onClick={() => toggle(i.alert.id)} data-testid="incident-messages">{o ? 'Скрыть сообщения' : `Сообщения (${i.alert.count})`}</button>
        </div>
        {o && (
          <div className="ci-messages">
            {o === 'loading' ? (
              'Загрузка…'
            ) : typeof o === 'string' ? (
              o
            ) : (
              <ul>
                {o.messages.map((m) => (
                  <li key={m.id} data-id={m.id}>
                    <span className="ci-time">{fmtTime(m.createdAt, tz)}</span> <span className="ci-channel">{m.channelName}</span> {m.text || '(без текста)'}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    );
  };
  return (
    <section className="console-incidents" data-testid="console-incidents" data-sound={sound ? 'on' : 'off'} data-sound-played={played} data-sound-error={blocked ?? ''}>
      <div className="ci-head">
        <h2>
          Всплески: активных <span className="num">{active.length}</span>
        </h2>
        <label className="chk">
          <input type="checkbox" checked={sound} onChange={(e) => toggleSound(e.target.checked)} data-testid="sound-toggle" />
          <span>Звук нового всплеска</span>
        </label>
        {blocked && sound && <span className="ci-warn">Браузер не дал включить звук: щёлкните по странице</span>}
      </div>
      {msg && <div className="console-msg" role="status">{msg}</div>}
      {active.map(row)}
      {active.length === 0 && <div className="empty">Активных всплесков нет</div>}
      {past.length > 0 && <h3 className="ci-past">За период</h3>}
      {past.map(row)}
      {dialog && (
        <ControlDialog
          incident={dialog}
          onCancel={() => setDialog(null)}
          onDone={(c) => {
            const i = dialog;
            setDialog(null);
            void mark(i, 'under_control', c);
          }}
        />
      )}
    </section>
  );
}
