/**
 * Demo data for the reference server: a generated region history (electron/hub/demo) and a live
 * feed of new changes (the demo live step) pushed into the server's log.
 */
import type { RegionId } from '../../../shared/regions.js';
import type { CentralData, CentralServer } from './server.js';

export async function loadDemoData(region: RegionId, opts: { seed?: number; days?: number } = {}): Promise<CentralData> {
  void region;
  void opts;
  throw new Error('демо-генератор ещё не подключён к серверу: используйте --data и --reference');
}

/** Starts pushing live demo changes at `speed` × real time; returns a stop function. */
export function startLive(server: CentralServer, region: RegionId, speed: number, seed: number): () => void {
  void server;
  void region;
  void speed;
  void seed;
  throw new Error('живой демо-поток ещё не подключён');
}
