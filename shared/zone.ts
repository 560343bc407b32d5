/**
 * Time zones as the centres name them: «МСК+9» (Moscow time plus nine hours) rather than «UTC+12»,
 * with UTC on request. Pure Intl: runs in the hub, the renderer and the report alike.
 */

const MSK_OFFSET_MIN = 180;
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at instant `t`, in minutes (east positive). */
export function zoneOffsetMinutes(t: number, zone: string): number {
  const parts = partsFormatter(zone).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60000);
}

function signed(prefix: string, minutes: number): string {
  if (minutes === 0) return prefix;
  const a = Math.abs(minutes);
  const h = Math.floor(a / 60);
  const m = a % 60;
  return `${prefix}${minutes > 0 ? '+' : '−'}${h}${m ? ':' + String(m).padStart(2, '0') : ''}`;
}

/** «МСК», «МСК+9», «МСК−1», «МСК+1:30»: the zone at instant `t` as an offset from Moscow time. */
export function mskLabel(t: number, zone: string): string {
  return signed('МСК', zoneOffsetMinutes(t, zone) - MSK_OFFSET_MIN);
}

/** «UTC+12», «UTC−3:30», «UTC»: the same offset from UTC, for those who ask for it. */
export function utcLabel(t: number, zone: string): string {
  return signed('UTC', zoneOffsetMinutes(t, zone));
}

/** The zone label in the notation asked for (the centres' «МСК+N» unless UTC is requested). */
export function zoneLabel(t: number, zone: string, notation: 'msk' | 'utc' = 'msk'): string {
  return notation === 'utc' ? utcLabel(t, zone) : mskLabel(t, zone);
}

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** «24.11.2026 14:00 (МСК+9)»: an instant in the region's zone, with its label. */
export function formatInZone(t: number, zone: string, notation: 'msk' | 'utc' = 'msk'): string {
  let f = dateTimeFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('ru-RU', { timeZone: zone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dateTimeFormatters.set(zone, f);
  }
  return `${f.format(t).replace(',', '')} (${zoneLabel(t, zone, notation)})`;
}
