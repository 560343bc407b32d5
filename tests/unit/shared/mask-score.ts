/**
 * Item-by-item scoring of the masking corpus (tests/fixtures/mask-corpus*.ts): recall over the
 * personal data listed, precision over the spans found, survival of the tokens to keep.
 */
import { findPersonalData, maskPersonalData, type PersonalDataSpan } from '../../../shared/mask.js';
import type { MaskCorpusCase } from '../../fixtures/mask-corpus.js';

export interface Score {
  cases: number;
  items: number;
  found: number;
  spans: number;
  truePositive: number;
  falsePositive: number;
  keeps: number;
  kept: number;
  recall: number;
  precision: number;
  keep: number;
  /** What went wrong, one line each (for the tuning part only: the held-out part is not read). */
  misses: string[];
}

/** Ranges of the listed strings: the n-th listing of one string is its n-th occurrence. */
function locate(text: string, list: readonly string[] | undefined, what: string): Array<[number, number]> {
  const seen = new Map<string, number>();
  const out: Array<[number, number]> = [];
  for (const s of list ?? []) {
    let from = 0;
    let at = -1;
    for (let k = 0; k <= (seen.get(s) ?? 0); k++) {
      at = text.indexOf(s, from);
      if (at < 0) throw new Error(`corpus: ${what} «${s}» is not in «${text}»`);
      from = at + 1;
    }
    seen.set(s, (seen.get(s) ?? 0) + 1);
    out.push([at, at + s.length]);
  }
  return out;
}

const overlaps = (a: PersonalDataSpan, r: [number, number]) => a.start < r[1] && r[0] < a.end;

export function score(cases: readonly MaskCorpusCase[]): Score {
  const sc: Score = {
    cases: cases.length,
    items: 0,
    found: 0,
    spans: 0,
    truePositive: 0,
    falsePositive: 0,
    keeps: 0,
    kept: 0,
    recall: 0,
    precision: 0,
    keep: 0,
    misses: [],
  };
  for (const c of cases) {
    const spans = findPersonalData(c.text);
    const pii = locate(c.text, c.pii, 'pii');
    const may = locate(c.text, c.may, 'may');
    const keep = locate(c.text, c.keep, 'keep');
    for (const r of pii) {
      sc.items++;
      // Found: every character of the datum but spaces lies inside a span.
      let whole = true;
      for (let i = r[0]; i < r[1] && whole; i++) {
        if (/\s/u.test(c.text[i] ?? '')) continue;
        if (!spans.some((s) => s.start <= i && i < s.end)) whole = false;
      }
      if (whole) sc.found++;
      else sc.misses.push(`missed «${c.text.slice(r[0], r[1])}» in «${c.text}» → «${maskPersonalData(c.text)}»`);
    }
    for (const s of spans) {
      if (pii.some((r) => overlaps(s, r))) {
        sc.spans++;
        sc.truePositive++;
      } else if (!may.some((r) => overlaps(s, r))) {
        sc.spans++;
        sc.falsePositive++;
        sc.misses.push(`masked «${c.text.slice(s.start, s.end)}» (${s.kind}) in «${c.text}»`);
      }
    }
    for (const r of keep) {
      sc.keeps++;
      if (!spans.some((s) => overlaps(s, r))) sc.kept++;
      else sc.misses.push(`did not keep «${c.text.slice(r[0], r[1])}» in «${c.text}» → «${maskPersonalData(c.text)}»`);
    }
  }
  sc.recall = sc.items === 0 ? 1 : sc.found / sc.items;
  sc.precision = sc.spans === 0 ? 1 : sc.truePositive / sc.spans;
  sc.keep = sc.keeps === 0 ? 1 : sc.kept / sc.keeps;
  return sc;
}

export function describeScore(name: string, s: Score): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    `${name}: ${s.cases} cases; recall ${pct(s.recall)} (${s.found}/${s.items} items), ` +
    `precision ${pct(s.precision)} (${s.truePositive}/${s.spans} spans), kept ${pct(s.keep)} (${s.kept}/${s.keeps} tokens)`
  );
}
