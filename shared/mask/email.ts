/**
 * E-mail addresses, Latin and Cyrillic (почта@мэрия.рф): found from each «@» by a scan to the
 * left over the local part (64 characters at most) and to the right over the domain (253 at most).
 * Neither scan passes another «@», so every character is read at most twice: linear.
 */
import { INERT, isDigit, isLetterAt, type Sink } from './text.js';

const LOCAL_MAX = 64;
const DOMAIN_MAX = 253;

function isLocalChar(f: string, i: number): boolean {
  const ch = f[i] ?? '';
  if (ch === INERT) return false;
  return ch === '.' || ch === '_' || ch === '%' || ch === '+' || ch === '-' || isDigit(f.charCodeAt(i)) || isLetterAt(f, i);
}

function isDomainChar(f: string, i: number): boolean {
  const ch = f[i] ?? '';
  return ch === '.' || ch === '-' || isDigit(f.charCodeAt(i)) || isLetterAt(f, i);
}

export function addEmails(f: string, out: Sink): void {
  for (let at = f.indexOf('@'); at >= 0; at = f.indexOf('@', at + 1)) {
    let s = at;
    while (s > 0 && at - s < LOCAL_MAX && isLocalChar(f, s - 1)) s--;
    // Another «@» glued before the local part makes it no address («ivan@mail@ru.ru»), unless that
    // «@» stands alone («@ivan@mail.ru», a handle's sign typed before the address). A token before
    // it counts as a word, so that a second masking finds nothing the first did not.
    const glued = f[s - 1] === '@' && (isLocalChar(f, s - 2) || f[s - 2] === INERT);
    if (s === at || (s > 0 && isLocalChar(f, s - 1)) || glued) continue;
    // The local part does not start with a dot or a dash.
    while (s < at && (f[s] === '.' || f[s] === '-')) s++;
    if (s === at) continue;
    let e = at + 1;
    while (e < f.length && e - at <= DOMAIN_MAX && isDomainChar(f, e)) e++;
    // A trailing dot or dash ends the sentence, not the domain.
    while (e > at + 1 && (f[e - 1] === '.' || f[e - 1] === '-')) e--;
    // A stray «@» after the domain («ivan@mail.ru@») leaves the address an address.
    const domain = f.slice(at + 1, e);
    const dot = domain.lastIndexOf('.');
    if (dot <= 0) continue;
    // The top-level domain is letters only; «mail.ru-серия» ends at «ru», and so does
    // «mail.ru89141234567» (a phone glued to the address: numbers.ts reads it). A word glued to it
    // («mail.ruпозвонитемнепожалуйста») is masked with it, however long: no top-level domain has
    // more than 24 letters, but the address before it is still an address.
    const tld = /^\p{L}{2,253}/u.exec(domain.slice(dot + 1))?.[0];
    if (tld === undefined) continue;
    out.push({ kind: 'email', start: s, end: at + 1 + dot + 1 + tld.length });
  }
}
