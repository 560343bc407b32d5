/**
 * Mass incidents of the demo world: one cause (a heating main, a water main, a power line, a
 * collapsed road, a missed waste collection, a flood, a snowfall), dozens of messages from one
 * place within hours, answered only after the cause is fixed. The history plans its incidents
 * ahead (and one still going on at its end, the queue's cluster); the live feed starts them at random.
 */
import { DAY, HOUR, MINUTE } from '../../../../shared/model.js';
import { HOUR_WEIGHTS } from '../catalog.js';
import { logNormal, pick, poisson, randInt, WeightedPicker, type Rng } from '../rng.js';
import { localMonth } from './calendar.js';
import { createMessage } from './messages.js';
import { lerp, type DemoState, type Incident, type IncidentType, type MuniModel } from './model.js';

/** Mass incidents: one cause, dozens of messages from one place within hours. */
export const INCIDENT_TYPES: readonly IncidentType[] = [
  { category: 'housing.heating', months: [1, 2, 3, 4, 9, 10, 11, 12], phrases: [
    'авария на теплотрассе, нет отопления в доме {addr}, в квартирах холодно',
    'после аварии на котельной нет тепла, {addr}, дети мёрзнут',
    'батареи ледяные, {addr} — вся улица без тепла, когда устранят аварию?',
    'нет отопления и горячей воды, {addr}, аварийная служба не отвечает' ] },
  { category: 'housing.water', months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], phrases: [
    'с утра нет воды во всём микрорайоне, {addr}, никто ничего не объясняет',
    'авария на водоводе — нет воды, {addr}, когда дадут?',
    'нет воды уже полдня, {addr}, подвоз воды не организован' ] },
  { category: 'energy.outage', months: [1, 2, 3, 10, 11, 12], phrases: [
    'весь район без света, {addr}, что случилось?',
    'нет электричества уже несколько часов, {addr}, не работают котлы' ] },
  { category: 'roads.pits', months: [3, 4, 5, 6, 7, 8, 9], phrases: [
    'провал асфальта на {street}, машина провалилась колесом',
    'на {street} провалилась дорога у дома {addr}, яма не огорожена' ] },
  { category: 'waste.collection', months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], phrases: [
    'регоператор сорвал вывоз, контейнеры переполнены по всей {street}',
    'мусор не вывозят уже неделю, весь квартал завален, {addr}' ] },
  { category: 'urban.flooding', months: [4, 5], phrases: [
    'затопило всю улицу талой водой, вода заходит в подвалы, {addr}',
    'двор дома {addr} под водой, людям не выйти из подъездов' ] },
  { category: 'roads.snow', months: [12, 1, 2, 3], phrases: [
    'после снегопада на {street} не чистят, автобусы не ходят',
    'нас замело, {addr}, дорогу не чистили двое суток' ] },
];

/** Plans a mass incident starting at `start` (its messages are created by later steps). */
export function planIncident(
  st: DemoState,
  start: number,
  rng: Rng,
  o: { mm?: MuniModel; type?: IncidentType; minCount?: number; maxSpreadMs?: number; fixAt?: number } = {},
): Incident | null {
  const month = localMonth(st, start) + 1;
  const types = INCIDENT_TYPES.filter((x) => x.months.includes(month));
  const type = o.type ?? pick(rng, types.length ? types : INCIDENT_TYPES);
  const cat = st._.catById.get(type.category);
  if (!cat) return null;
  const mm =
    o.mm ??
    new WeightedPicker(st.municipalities, st.municipalities.map((m) => Math.pow(m.geo.population, 0.8) * (m.activity < 0.5 ? 0 : 1))).pick(rng);
  const count = Math.max(
    o.minCount ?? 8,
    Math.round(logNormal(rng, 16, 0.45) * Math.pow(st.geo.population / 300_000, 0.25) * st.volumeScale),
  );
  const spreadMs = Math.min(o.maxSpreadMs ?? Infinity, lerp(2, 8, rng()) * HOUR);
  const spot = st.geo.pointIn(mm.geo.oktmo, rng);
  const inc: Incident = {
    type,
    cat,
    mm,
    start: Math.floor(start / 1000) * 1000,
    spreadMs,
    count,
    fixAt: o.fixAt ?? start + spreadMs + logNormal(rng, 12 * HOUR, 0.5),
    spot,
    street: pick(rng, mm.streets),
    baseHouse: randInt(rng, 1, 80),
  };
  st._.incidents.push(inc);
  st._.incidents.sort((a, b) => a.start - b.start);
  return inc;
}

/**
 * Sets how many mass incidents a day the live steps start (the live feed raises the rate so that a
 * demonstration at a speed-up shows one every few real minutes; null restores the model's rate).
 */
export function setLiveIncidentRate(st: DemoState, perDay: number | null): void {
  if (perDay !== null && !(perDay >= 0 && Number.isFinite(perDay))) throw new Error('частота инцидентов должна быть неотрицательным числом');
  st._.liveIncidentsPerDay = perDay;
}

export function materializeIncident(st: DemoState, inc: Incident, rng: Rng): void {
  st._.incidentsStarted++;
  for (let i = 0; i < inc.count; i++) {
    // Front-loaded: most messages in the first hours.
    const u = Math.min(1, -Math.log(1 - rng() * 0.95) / 3);
    const t = inc.start + u * inc.spreadMs;
    createMessage(st, t, rng, {
      mm: inc.mm,
      cat: inc.cat,
      channel: st._.incidentChannelPicker.pick(rng),
      location: st.geo.pointNear(inc.mm.geo.oktmo, inc.spot, 0.35, rng),
      place: { street: inc.street, house: inc.baseHouse + randInt(rng, 0, 12) },
      phrase: pick(rng, inc.type.phrases),
      fixAt: inc.fixAt,
    });
  }
}

/** Plans the mass incidents of a history span, and one still going on at `end` (the queue's cluster). */
export function planHistoryIncidents(st: DemoState, start: number, end: number, rng: Rng): void {
  st._.autoIncidents = false;
  const n = poisson(rng, (st.incidentsPerDay * (end - start)) / DAY);
  for (let i = 0; i < n; i++) {
    // Incidents are noticed in the daytime: accept a start time by the hourly rhythm.
    let t = start + rng() * (end - start);
    for (let k = 0; k < 8 && rng() > HOUR_WEIGHTS[st.localHour(t)]! / 1.65; k++) t = start + rng() * (end - start);
    if (t < end - 12 * HOUR) planIncident(st, t, rng);
  }
  // The ongoing one: in the capital, started a few hours before `end`, not fixed yet.
  const capital = st.byOktmo.get(st.info.capitalOktmo) ?? st.municipalities[0]!;
  const month = localMonth(st, end) + 1;
  const types = INCIDENT_TYPES.filter((x) => x.months.includes(month) && x.category !== 'roads.pits');
  const startAt = end - lerp(3, 7, rng()) * HOUR;
  planIncident(st, startAt, rng, {
    mm: capital,
    type: pick(rng, types.length ? types : INCIDENT_TYPES),
    minCount: 14,
    maxSpreadMs: end - startAt - 20 * MINUTE,
    fixAt: end + lerp(6, 18, rng()) * HOUR,
  });
}
