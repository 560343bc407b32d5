#!/usr/bin/env node
// Draws the application icon — a 3×2 video wall of tiles, one of them "hot", on a dark rounded
// square — as build/icons/icon.svg and, with a tiny pure-JS PNG encoder (node:zlib only), as
// build/icons/512x512.png (+ 256, 128, 64, 48, 32 for the Linux icon theme). No converter needed.
// Run: npx node build/make-icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), 'icons');
mkdirSync(out, { recursive: true });

// Geometry in a 512 unit square.
const BG = [0x0b, 0x1f, 0x3a];
const FRAME = [0x16, 0x33, 0x5c];
const tiles = [];
const colors = [[0x2e, 0x86, 0xde], [0x2e, 0x86, 0xde], [0xf5, 0xb0, 0x41], [0x2e, 0x86, 0xde], [0xe8, 0x4a, 0x3c], [0x3c, 0xb3, 0x71]];
for (let r = 0; r < 2; r++)
  for (let c = 0; c < 3; c++) tiles.push({ x: 64 + c * 132, y: 128 + r * 132, w: 120, h: 120, rx: 10, color: colors[r * 3 + c] });
const stand = { x: 216, y: 400, w: 80, h: 16, rx: 4, color: FRAME };
const hex = (c) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <title>Ситуационная стена</title>
  <rect width="512" height="512" rx="96" fill="${hex(BG)}"/>
  <rect x="52" y="116" width="408" height="276" rx="16" fill="${hex(FRAME)}"/>
${tiles.map((t) => `  <rect x="${t.x}" y="${t.y}" width="${t.w}" height="${t.h}" rx="${t.rx}" fill="${hex(t.color)}"/>`).join('\n')}
  <rect x="${stand.x}" y="${stand.y}" width="${stand.w}" height="${stand.h}" rx="${stand.rx}" fill="${hex(FRAME)}"/>
</svg>
`;
writeFileSync(join(out, 'icon.svg'), svg);

/** Coverage of a rounded rectangle at a pixel centre (2×2 supersampling). */
function inRounded(px, py, { x, y, w, h, rx }) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + rx), x + w - rx);
  const cy = Math.min(Math.max(py, y + rx), y + h - rx);
  return (px - cx) ** 2 + (py - cy) ** 2 <= rx * rx;
}

const shapes = [
  { x: 0, y: 0, w: 512, h: 512, rx: 96, color: BG },
  { x: 52, y: 116, w: 408, h: 276, rx: 16, color: FRAME },
  ...tiles,
  stand,
];

function render(size) {
  const k = 512 / size;
  const rows = [];
  for (let j = 0; j < size; j++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (const [sx, sy] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]]) {
        const px = (i + sx) * k, py = (j + sy) * k;
        let c = null;
        for (const s of shapes) if (inRounded(px, py, s)) c = s.color;
        if (c) { r += c[0]; g += c[1]; b += c[2]; a += 255; }
      }
      const n = a / 255;
      row.set(n ? [Math.round(r / n), Math.round(g / n), Math.round(b / n), Math.round(a / 4)] : [0, 0, 0, 0], 1 + i * 4);
    }
    rows.push(row);
  }
  return png(size, size, Buffer.concat(rows));
}

const CRC = new Int32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c; });
const crc32 = (buf) => { let c = -1; for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ -1) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(w, h, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

for (const s of [512, 256, 128, 64, 48, 32]) writeFileSync(join(out, `${s}x${s}.png`), render(s));
console.log(`иконки записаны в ${out}`);
