/**
 * Tail probabilities for the detector (docs/alerts.md): the upper tail of a Poisson count, written
 * through the regularised lower incomplete gamma function so that it also takes a non-integer
 * count (the quasi-Poisson guard against clumps divides counts and means by a dispersion factor).
 * Pure numerics, no dependencies.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error below 1e-13). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < 8; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln P(a, x): the regularised lower incomplete gamma function, a > 0, x >= 0. */
export function lnGammaP(a: number, x: number): number {
  if (x <= 0) return -Infinity;
  if (x < a + 1) {
    // series: P = e^{-x} x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n))
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 500; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-14) break;
    }
    return Math.log(sum) - x + a * Math.log(x) - lnGamma(a);
  }
  // continued fraction for Q (Lentz), then P = 1 - Q
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  const q = Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
  return Math.log(Math.max(1e-300, 1 - q));
}

/**
 * ln P(X >= n) for X ~ Poisson(mu), extended to real n through P(X >= n) = P(n, mu).
 * n <= 0 gives 0 (certain).
 */
export function lnPoissonUpperTail(n: number, mu: number): number {
  if (n <= 0) return 0;
  if (mu <= 0) return -Infinity;
  return lnGammaP(n, mu);
}

/**
 * ln of the quasi-Poisson upper tail: counts and means in units of `phi` messages (phi >= 1), so a
 * burst made of people who write twice or of chance clumps of two or three is discounted.
 */
export function lnQuasiPoissonTail(n: number, mu: number, phi: number): number {
  return lnPoissonUpperTail(n / phi, mu / phi);
}

/** Distance in kilometres between two points (equirectangular; exact enough below 50 km). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const k = Math.cos(((lat1 + lat2) / 2) * (Math.PI / 180));
  const dx = (lon2 - lon1) * 111.32 * k;
  const dy = (lat2 - lat1) * 110.574;
  return Math.sqrt(dx * dx + dy * dy);
}
