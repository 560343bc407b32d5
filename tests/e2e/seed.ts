/** Seeds a wall cache with the demo generator's history (fixed seed) through the CLI's import. */
import { writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { generateHistory } from '../../electron/hub/demo/generator.js';
import type { RegionId } from '../../shared/regions.js';

export async function writeDemoJsonl(dir: string, region: RegionId, days: number, seed: number, end: number): Promise<{ jsonl: string; reference: string; texts: string[] }> {
  // the e2e checks need a busy region (paging, every zone, enough texts): four times the calibrated volumes
  const h = generateHistory({ region, days, seed, end, volumeScale: 4 });
  const jsonl = join(dir, 'messages.jsonl');
  const reference = join(dir, 'reference.json');
  writeFileSync(reference, JSON.stringify(h.reference));
  const out = createWriteStream(jsonl);
  const texts: string[] = [];
  for (const it of h.items) {
    const t = (it as { text?: string | null }).text;
    if (t) texts.push(t);
    if (!out.write(JSON.stringify(it) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { jsonl, reference, texts };
}
