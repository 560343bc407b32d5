/**
 * The demonstration region as a running simulation. One state object holds the region's model
 * (municipalities with their activity and answer quality, seasonal category weights, channels) and
 * the pending future changes of every open message (a time-ordered queue). `liveStep` advances it
 * over a span of time and returns the contract items of that span in log order: new messages at
 * rev 1, later changes with higher revs, a few tombstones. The history generator and the live feed
 * are the same machine: the history is simply many steps from `end - days` to `end`.
 *
 * This file is the world's public face; its units live in ./world/:
 *   model.ts      the shared shapes (state, a message in flight, incidents)
 *   state.ts      the region at the start: municipal models, pickers, clock
 *   calendar.ts   the zone clock, weekends, daily variation, arrival rate, working hours, due times
 *   queue.ts      the pending future (hourly buckets, a heap for the current hour)
 *   lifecycle.ts  a message's planned future and how each change becomes the next revision
 *   messages.ts   a new message (rev 1) and its occasional duplicate
 *   incidents.ts  mass incidents: planned for a history, random in the live feed
 *   step.ts       one step over [from, to): arrivals, incidents, due changes in log order
 *   resume.ts     going on from messages already held
 * Same seed, same output: tests/unit/electron/hub/demo/world.golden.test.ts holds its hash.
 */
export type { DemoItem, DemoState, DemoStateOptions, MuniModel, QualityTier } from './world/model.js';
export { arrivalRatePerHour } from './world/calendar.js';
export { createDemoState, expectedMessages } from './world/state.js';
export { INCIDENT_TYPES, planHistoryIncidents, setLiveIncidentRate } from './world/incidents.js';
export { liveStep, stepInto } from './world/step.js';
export { demoIdSeq, seedFromMessages } from './world/resume.js';
