/**
 * `npm run bench -- mask`: masking throughput (shared/mask) on long texts, 1 MB and 8 MB
 * (millions of UTF-16 characters, 2^20 each), made of the masking corpus's own texts (every kind of
 * datum, counts, dates, sums) and of adversarial runs. Time per MB should not grow with the size
 * (linear). Baseline in the same run: one `text.replace(/\d/gu, '•')` pass over the same text.
 * maskWhole is timed (no cap: maskPersonalData cuts at MAX_TEXT_CHARS, so every long text costs it
 * the same); sizes scale with BENCH_SCALE.
 */
import type { Bench } from './harness.js';
import { MAX_TEXT_CHARS, maskPersonalData, maskWhole } from '../../shared/mask.js';
import { MASK_TUNING } from '../fixtures/mask-corpus.js';
import { MASK_HELDOUT } from '../fixtures/mask-corpus-heldout.js';

const MB = 1 << 20;

function fill(piece: string, n: number): string {
  return piece.repeat(Math.ceil(n / piece.length)).slice(0, n);
}

export default async function maskBench(b: Bench): Promise<void> {
  const corpus = [...MASK_TUNING, ...MASK_HELDOUT].map((c) => c.text).join('\n');
  const texts: Array<[string, string]> = [
    ['corpus texts', corpus],
    ['digits and spaces', '8 9 '],
    ['first names and patronymics', 'Иван Иванович '],
    ['flats and houses', 'кв. 1 д. 2 '],
    // stress marks: the text is read without them and each span carried back (shared/mask/marks.ts)
    ['names with stress marks', 'Ивано\u0301в Ива\u0301н Ива\u0301нович '],
  ];
  for (const [name, piece] of texts) {
    b.section(`mask: ${name}`);
    const perMb: number[] = [];
    for (const mb of [1, 8]) {
      const size = Math.round(mb * MB * b.scale);
      const text = fill(piece, size);
      const { ms: base } = b.time(() => text.replace(/\d/gu, '•'), { repeat: 2 });
      const { ms, result } = b.time(() => maskWhole(text), { repeat: mb === 1 ? 3 : 1, warmup: mb === 1 ? 1 : 0 });
      const per = ms / (size / MB);
      perMb.push(per);
      b.metric(`${mb} MB: maskWhole`, ms, 'ms', `${per.toFixed(0)} ms per MB; ${(size / MB / (ms / 1000)).toFixed(2)} MB/s`);
      b.metric(`${mb} MB: baseline replace(/\\d/g)`, base, 'ms', `${(base / (size / MB)).toFixed(0)} ms per MB`);
      b.ratio(`${mb} MB: masking / baseline`, ms / base, 'how many times the plain pass');
      if (result.length === 0) throw new Error('empty result');
    }
    b.ratio('time per MB, 8 MB / 1 MB', (perMb[1] ?? 0) / (perMb[0] ?? 1), 'linear: close to 1');
  }
  b.section('mask: capped (maskPersonalData) on an 8 MB text');
  const big = fill(corpus, 8 * MB);
  const { ms } = b.time(() => maskPersonalData(big), { repeat: 3, warmup: 1 });
  b.metric(`maskPersonalData, cap ${MAX_TEXT_CHARS} characters`, ms, 'ms');
}
