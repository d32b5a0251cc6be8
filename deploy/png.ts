/**
 * The smallest PNG encoder and decoder the Teams icons need: 8-bit RGBA or RGB, no interlacing,
 * written with filter 0 and read with all five filters. Pure Node (zlib), so the icons can be
 * made and checked without an image library.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const COLOUR_TYPE_RGB = 2;
export const COLOUR_TYPE_RGBA = 6;

export interface PngImage {
  width: number;
  height: number;
  /** 2 = RGB, 6 = RGBA (the only two this module handles). */
  colourType: number;
  /** Row-major pixels, 4 bytes (RGBA) per pixel whatever the file's colour type; alpha is 255 for RGB files. */
  rgba: Uint8Array;
}

/** Something that is not a PNG this module can read; the message is one line. */
export class PngFormatError extends Error {
  override readonly name = 'PngFormatError';
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes RGBA pixels (4 bytes each, row-major) as a PNG; `alpha: false` drops the alpha channel (a full-colour icon). */
export function encodePng(width: number, height: number, rgba: Uint8Array, options: { alpha: boolean }): Buffer {
  if (rgba.length !== width * height * 4) throw new PngFormatError(`expected ${width * height * 4} bytes of RGBA pixels, got ${rgba.length}`);
  const channels = options.alpha ? 4 : 3;
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const rowStart = y * (stride + 1);
    raw[rowStart] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = rowStart + 1 + x * channels;
      for (let c = 0; c < channels; c++) raw[to + c] = rgba[from + c] ?? 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = options.alpha ? COLOUR_TYPE_RGBA : COLOUR_TYPE_RGB;
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

interface Chunk {
  type: string;
  data: Buffer;
}

function* chunks(png: Buffer): Generator<Chunk> {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new PngFormatError('not a PNG file (the signature is missing)');
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > png.length) throw new PngFormatError('the PNG file is cut short');
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    if (crc32(typeAndData) !== png.readUInt32BE(offset + 8 + length)) throw new PngFormatError('a PNG chunk has a bad checksum');
    yield { type: typeAndData.subarray(0, 4).toString('latin1'), data: typeAndData.subarray(4) };
    offset = end;
  }
}

/** Width, height and colour type from the IHDR chunk, which must come first. */
export function readPngHeader(png: Buffer): { width: number; height: number; bitDepth: number; colourType: number; interlaced: boolean } {
  const first = chunks(png).next();
  if (first.done || first.value.type !== 'IHDR' || first.value.data.length !== 13) throw new PngFormatError('the PNG file does not start with an IHDR chunk');
  const header = first.value.data;
  return {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    bitDepth: header[8] ?? 0,
    colourType: header[9] ?? 0,
    interlaced: header[12] === 1,
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG into RGBA pixels. */
export function decodePng(png: Buffer): PngImage {
  const header = readPngHeader(png);
  const { width, height, colourType } = header;
  if (header.bitDepth !== 8 || header.interlaced || (colourType !== COLOUR_TYPE_RGB && colourType !== COLOUR_TYPE_RGBA)) {
    throw new PngFormatError('only 8-bit, non-interlaced RGB or RGBA PNG files can be read');
  }
  const compressed: Buffer[] = [];
  let ended = false;
  for (const { type, data } of chunks(png)) {
    if (type === 'IDAT') compressed.push(data);
    if (type === 'IEND') ended = true;
  }
  if (!ended) throw new PngFormatError('the PNG file has no IEND chunk');
  const raw = inflateSync(Buffer.concat(compressed));
  const channels = colourType === COLOUR_TYPE_RGBA ? 4 : 3;
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) throw new PngFormatError('the PNG image data is the wrong size for its header');

  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? (rows[y * stride + i - channels] ?? 0) : 0;
      const up = y > 0 ? (rows[(y - 1) * stride + i] ?? 0) : 0;
      const upLeft = y > 0 && i >= channels ? (rows[(y - 1) * stride + i - channels] ?? 0) : 0;
      const value = line[i] ?? 0;
      let predicted: number;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = left; break;
        case 2: predicted = up; break;
        case 3: predicted = (left + up) >> 1; break;
        case 4: predicted = paeth(left, up, upLeft); break;
        default: throw new PngFormatError(`unknown PNG row filter ${String(filter)}`);
      }
      rows[y * stride + i] = (value + predicted) & 0xff;
    }
  }

  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = rows[p * channels + c] ?? 0;
    rgba[p * 4 + 3] = channels === 4 ? (rows[p * 4 + 3] ?? 0) : 255;
  }
  return { width, height, colourType, rgba };
}
