// Draws the Teams app icons (color.png 192x192, outline.png 32x32 white on transparent) with Node's
// zlib only, so they can be regenerated without an image editor: `node manifests/teams/make-icons.mjs`.
// The glyph is a loop (a ring with a gap) and a dot: feedback that comes back around.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

const here = path.dirname(new URL(import.meta.url).pathname);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels (size*size*4) to a PNG file. */
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Coverage (0..1) of the loop glyph at a point of the unit square, 4x4 supersampled by the caller. */
function inGlyph(x, y) {
  const dx = x - 0.5;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  // Angle from 12 o'clock, clockwise, in turns (0..1).
  const turn = (Math.atan2(dx, -dy) / (2 * Math.PI) + 1) % 1;
  const ring = r > 0.25 && r < 0.37 && turn > 0.08 && turn < 0.92;
  // Arrow head at the end of the ring (just left of 12 o'clock), pointing right.
  const hx = 0.44;
  const hy = 0.19;
  const head = x > hx - 0.02 && x < hx + 0.12 && Math.abs(y - hy) < (hx + 0.12 - x) * 0.9;
  const dot = Math.hypot(dx, dy) < 0.09;
  return ring || head || dot;
}

function draw(size, paint) {
  const rgba = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) if (inGlyph((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size)) hits++;
      const [r, g, b, a] = paint(hits / (S * S), x, y);
      rgba.set([r, g, b, a], (y * size + x) * 4);
    }
  }
  return png(size, rgba);
}

// Colour icon: white glyph on the accent colour (#4F46E5), full bleed as Teams expects.
const ACCENT = [0x4f, 0x46, 0xe5];
const color = draw(192, (cover) => [
  Math.round(ACCENT[0] + (255 - ACCENT[0]) * cover),
  Math.round(ACCENT[1] + (255 - ACCENT[1]) * cover),
  Math.round(ACCENT[2] + (255 - ACCENT[2]) * cover),
  255,
]);
// Outline icon: white glyph on transparent, as Teams requires.
const outline = draw(32, (cover) => [255, 255, 255, Math.round(255 * cover)]);

writeFileSync(path.join(here, "color.png"), color);
writeFileSync(path.join(here, "outline.png"), outline);
console.log(`wrote color.png (${color.length} bytes) and outline.png (${outline.length} bytes)`);
