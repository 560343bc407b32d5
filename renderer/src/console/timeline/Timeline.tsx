/**
 * The console's timeline (issue 10): incoming messages per hour over the last 30 days (getTimeline,
 * from the hub's hour buckets), incident marks, and the instant the wall shows. Drag along it or
 * type an instant (ru-RU, the region's zone «МСК+N») to show the wall at a past instant; step, play
 * ×60 / ×600 / ×3600, pause; «В эфир» returns to live in one press. It changes the wall only by
 * intents (shared/bridge/wallState.ts); what the wall shows comes back as the wall state.
 */
import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Bridge } from '../../../../shared/bridge/client.js';
import type { TimelineResult } from '../../../../shared/bridge/protocol.js';
import { PLAYBACK_SPEEDS, isArchive, shownInstant, type Intent } from '../../../../shared/bridge/wallState.js';
import { mskLabel } from '../../../../shared/zone.js';
import { useWall } from '../../store.js';
import { useNow, useTimezone } from '../../hooks.js';
import { fmtInt } from '../../format.js';
import { archiveInstantText, instantInputText, parseInstantInput } from '../../components/instant.js';
import './timeline.css';

const HOUR = 3_600_000;
/** A drag sends the instant at most this often (the hub recomputes every window's view each time). */
const DRAG_SEND_MS = 200;
/** The timeline is fetched again after this long (the present hour moves on). */
const REFRESH_MS = 5 * 60_000;
/** Closer to the present than this counts as the present («В эфир»). */
const LIVE_EDGE_MS = 60_000;
const STEPS: readonly { minutes: number; label: string }[] = [
  { minutes: -60, label: '−1 ч' },
  { minutes: -10, label: '−10 мин' },
  { minutes: 10, label: '+10 мин' },
  { minutes: 60, label: '+1 ч' },
];

/** x in [0, 1] of instant t on the timeline. */
export function xOf(t: number, from: number, to: number): number {
  return Math.min(1, Math.max(0, (t - from) / (to - from)));
}

/** Local midnights (region zone) in [from, to), for the day ticks. */
function dayTicks(from: number, to: number, tz: string): { t: number; label: string }[] {
  const f = new Intl.DateTimeFormat('ru-RU', { timeZone: tz, hour: '2-digit', hourCycle: 'h23', day: '2-digit', month: '2-digit' });
  const out: { t: number; label: string }[] = [];
  for (let t = Math.ceil(from / HOUR) * HOUR; t < to; t += HOUR) {
    const p = f.formatToParts(t);
    if (p.find((x) => x.type === 'hour')?.value === '00') {
      out.push({ t, label: `${p.find((x) => x.type === 'day')?.value}.${p.find((x) => x.type === 'month')?.value}` });
    }
  }
  return out;
}

export function Timeline({ bridge }: { bridge: Bridge }) {
  const wall = useWall((s) => s.wall);
  const dataVersion = useWall((s) => s.view?.dataVersion ?? 0);
  const tz = useTimezone();
  const now = useNow(1000);
  const [series, setSeries] = useState<TimelineResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drag, setDrag] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const lastSend = useRef(0);
  const pendingSend = useRef<ReturnType<typeof setTimeout> | null>(null);
  const svgRef = useRef<SVGSVGElement | null>(null);
  const fetchedAt = useRef(0);

  const connected = useWall((s) => s.connection === 'open' && s.hello !== null);
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    // Fetched once connected, when the data changed (at most once a minute), every few minutes,
    // and again two seconds after a failure (a connection lost at boot).
    if (!connected) return;
    if (Date.now() - fetchedAt.current < 60_000 && series) return;
    fetchedAt.current = Date.now();
    let t: ReturnType<typeof setTimeout> | null = null;
    bridge.request('getTimeline', { days: 30 }).then(
      (r) => {
        setSeries(r);
        setError(null);
      },
      (e: Error) => {
        setError(`Шкала недоступна: ${e.message}`);
        fetchedAt.current = 0;
        t = setTimeout(() => setRetry((n) => n + 1), 2000);
      },
    );
    return () => {
      if (t) clearTimeout(t);
    };
  }, [bridge, dataVersion, connected, retry]);
  useEffect(() => {
    const id = setInterval(() => {
      fetchedAt.current = Date.now();
      bridge.request('getTimeline', { days: 30 }).then(setSeries, () => undefined);
    }, REFRESH_MS);
    return () => clearInterval(id);
  }, [bridge]);

  const send = (intent: Intent) =>
    bridge.request('intent', intent).then(
      () => setError(null),
      (e: Error) => setError(`Не выполнено: ${e.message}`),
    );

  const archived = isArchive(wall);
  const shown = wall ? shownInstant(wall, now) : now;
  const cursor = drag ?? shown;
  const from = series ? Date.parse(series.from) : now - 30 * 86_400_000;
  const to = series ? Date.parse(series.to) : now;

  const bars = useMemo(() => {
    if (!series) return { d: '', max: 0 };
    const max = Math.max(1, ...series.incoming);
    let d = '';
    series.incoming.forEach((n, i) => {
      if (n <= 0) return;
      const h = (n / max) * 100;
      d += `M${i} 100h0.86v${-h.toFixed(2)}h-0.86z`;
    });
    return { d, max };
  }, [series]);
  const ticks = useMemo(() => dayTicks(from, to, tz), [from, to, tz]);

  /** Show instant t on the wall (the present and after: live). */
  const showAt = (t: number) => {
    if (t >= now - LIVE_EDGE_MS) return send({ type: 'goLive' });
    return send({ type: 'setInstant', instant: new Date(Math.floor(t / 60_000) * 60_000).toISOString() });
  };
  const tAtPointer = (e: ReactPointerEvent<SVGSVGElement>): number => {
    const r = svgRef.current!.getBoundingClientRect();
    return from + ((e.clientX - r.left) / r.width) * (to - from);
  };
  const sendThrottled = (t: number) => {
    if (pendingSend.current) clearTimeout(pendingSend.current);
    const wait = Math.max(0, lastSend.current + DRAG_SEND_MS - Date.now());
    pendingSend.current = setTimeout(() => {
      pendingSend.current = null;
      lastSend.current = Date.now();
      void showAt(t);
    }, wait);
  };
  const onDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const t = tAtPointer(e);
    setDrag(t);
    sendThrottled(t);
  };
  const onMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (drag === null) return;
    const t = tAtPointer(e);
    setDrag(t);
    sendThrottled(t);
  };
  const onUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (drag === null) return;
    const t = tAtPointer(e);
    setDrag(null);
    if (pendingSend.current) clearTimeout(pendingSend.current);
    pendingSend.current = null;
    lastSend.current = Date.now();
    void showAt(t);
  };
  const submitTyped = () => {
    const p = parseInstantInput(typed, now, tz);
    if (!p.ok) return setError(p.error);
    void showAt(p.t);
  };

  const hourAtCursor = series ? Math.floor((cursor - from) / HOUR) : -1;
  const perHour = series && hourAtCursor >= 0 && hourAtCursor < series.incoming.length ? series.incoming[hourAtCursor]! : null;
  const playing = !!wall?.playback.playing && archived;
  const speed = wall?.playback.speed ?? 60;

  return (
    <section className={`timeline${archived ? ' timeline-archive' : ''}`} data-testid="timeline" data-archive={archived ? 'true' : 'false'}>
      <div className="tl-head">
        <div className="tl-state" data-testid="timeline-state">
          {archived ? (
            <>
              <b className="tl-archive-tag">АРХИВ</b> На стене: {archiveInstantText(shown, tz)}
              {playing ? ` · воспроизведение ×${speed}` : ''}
            </>
          ) : (
            <>
              <b className="tl-live-tag">ЭФИР</b> На стене текущее состояние
            </>
          )}
        </div>
        <button className="tl-live" data-testid="go-live" disabled={!archived} onClick={() => void send({ type: 'goLive' })}>
          В эфир
        </button>
      </div>
      <svg
        ref={svgRef}
        className="tl-chart"
        data-testid="timeline-chart"
        data-from={series?.from}
        data-to={series?.to}
        viewBox={`0 0 ${series?.incoming.length ?? 721} 100`}
        preserveAspectRatio="none"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={() => setDrag(null)}
      >
        <title>Поступившие обращения по часам за 30 дней; максимум {fmtInt(bars.max)} в час</title>
        {ticks.map((k) => (
          <line key={k.t} className="tl-day" x1={(k.t - from) / HOUR} x2={(k.t - from) / HOUR} y1={0} y2={100} vectorEffect="non-scaling-stroke" />
        ))}
        <path className="tl-bars" d={bars.d} />
        {(series?.incidents ?? []).map((a) => {
          const x = (Date.parse(a.raisedAt) - from) / HOUR;
          return (
            <path key={a.id} className={`tl-incident tl-incident-${a.level}`} d={`M${x - 4} 0h8l-4 14z`} data-testid="timeline-incident">
              <title>{a.title}</title>
            </path>
          );
        })}
        <line className="tl-cursor" data-testid="timeline-cursor" x1={xOf(cursor, from, to) * (series?.incoming.length ?? 721)} x2={xOf(cursor, from, to) * (series?.incoming.length ?? 721)} y1={0} y2={100} vectorEffect="non-scaling-stroke" />
      </svg>
      <div className="tl-days" aria-hidden="true">
        {ticks
          .filter((_, i) => i % 2 === 0)
          .map((k) => (
            <span key={k.t} style={{ left: `${xOf(k.t, from, to) * 100}%` }}>
              {k.label}
            </span>
          ))}
      </div>
      <div className="tl-controls">
        <form
          className="tl-input"
          onSubmit={(e) => {
            e.preventDefault();
            submitTyped();
          }}
        >
          <label>
            Момент ({mskLabel(now, tz)}):{' '}
            <input
              data-testid="timeline-input"
              value={typed}
              placeholder={instantInputText(now - 86_400_000, tz)}
              onChange={(e) => setTyped(e.target.value)}
              inputMode="numeric"
              size={17}
            />
          </label>
          <button type="submit" data-testid="timeline-show">
            Показать
          </button>
        </form>
        <div className="btn-row">
          {STEPS.map((s) => (
            <button key={s.minutes} data-testid={`timeline-step-${s.minutes}`} onClick={() => void send({ type: 'stepInstant', minutes: s.minutes })}>
              {s.label}
            </button>
          ))}
        </div>
        <div className="btn-row">
          {playing ? (
            <button data-testid="timeline-pause" onClick={() => void send({ type: 'playbackPause' })}>
              ❚❚ Пауза
            </button>
          ) : (
            <button data-testid="timeline-play" onClick={() => void send({ type: 'playbackPlay' })}>
              ▶ Воспроизвести
            </button>
          )}
          {PLAYBACK_SPEEDS.map((v) => (
            <button key={v} className={speed === v ? 'on' : ''} data-testid={`timeline-speed-${v}`} onClick={() => void send({ type: 'playbackSpeed', speed: v })}>
              ×{v}
            </button>
          ))}
        </div>
        <div className="tl-hour" data-testid="timeline-hour">
          {perHour !== null ? `${fmtInt(perHour)} обращений за час ${instantInputText(Math.floor(cursor / HOUR) * HOUR, tz).slice(-5)}` : ''}
        </div>
      </div>
      {error && (
        <div className="tl-error" role="alert" data-testid="timeline-error">
          {error}
        </div>
      )}
    </section>
  );
}
