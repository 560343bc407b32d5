/** Early warning (docs/spec/alerts.md): the detector, its alert schema and tail statistics. */
export * from './schema.js';
export * from './detector.js';
export { lnPoissonUpperTail, lnQuasiPoissonTail, distanceKm } from './stats.js';
