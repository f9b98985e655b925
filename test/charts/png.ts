// A PNG check for chart tests: the signature, the IHDR header, every chunk's CRC, and the image data
// inflated to exactly the size the header promises (so the file really decodes, not just starts well).
import { inflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function decodePng(png: Buffer): { width: number; height: number; bitDepth: number; colourType: number } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG: bad signature");
  let at = 8;
  let header: { width: number; height: number; bitDepth: number; colourType: number } | null = null;
  const data: Buffer[] = [];
  let ended = false;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) {
      throw new Error(`PNG chunk ${type}: bad CRC`);
    }
    if (type === "IHDR") {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8]!, colourType: body[9]! };
    } else if (type === "IDAT") data.push(body);
    else if (type === "IEND") ended = true;
    at += 12 + length;
  }
  if (!header || !ended) throw new Error("PNG without IHDR or IEND");
  const channels = CHANNELS[header.colourType];
  if (!channels) throw new Error(`PNG colour type ${header.colourType} unknown`);
  const rowBytes = Math.ceil((header.width * channels * header.bitDepth) / 8) + 1;
  const pixels = inflateSync(Buffer.concat(data));
  if (pixels.length !== rowBytes * header.height) {
    throw new Error(`PNG data: ${pixels.length} bytes, expected ${rowBytes * header.height}`);
  }
  return header;
}
