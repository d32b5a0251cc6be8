/**
 * Draws the Teams app icons: a house (a child going home) in white. color.png is 192×192 on the
 * accent colour, with the house inside the central 96×96 that Teams keeps clear of its own
 * cropping; outline.png is 32×32, white on a transparent background, as Teams requires.
 * Deterministic, so the committed PNGs can be checked against a fresh drawing.
 *
 *   npx tsx deploy/make-icons.ts        (writes manifest/color.png and manifest/outline.png)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from './png';

/** The manifest's accentColor; the colour icon's background. */
export const ACCENT_COLOUR = '#1B5E7A';

export const COLOUR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Point = readonly [number, number];

/** The house in a unit square (0..1 on both axes, y downwards). */
const ROOF: readonly Point[] = [
  [0.5, 0.1],
  [0.04, 0.5],
  [0.96, 0.5],
];
const CHIMNEY = { left: 0.68, right: 0.8, top: 0.16, bottom: 0.4 };
const WALLS = { left: 0.17, right: 0.83, top: 0.46, bottom: 0.9 };
const DOOR = { left: 0.42, right: 0.58, top: 0.62, bottom: 0.9 };

function inRect(x: number, y: number, r: { left: number; right: number; top: number; bottom: number }): boolean {
  return x >= r.left && x < r.right && y >= r.top && y < r.bottom;
}

function inTriangle(x: number, y: number, [a, b, c]: readonly Point[]): boolean {
  if (!a || !b || !c) return false;
  const side = (p: Point, q: Point) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const d1 = side(a, b);
  const d2 = side(b, c);
  const d3 = side(c, a);
  return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
}

/** Whether a point of the unit square is inside the white house (the door is a hole). */
function inHouse(x: number, y: number): boolean {
  if (inRect(x, y, DOOR)) return false;
  return inTriangle(x, y, ROOF) || inRect(x, y, WALLS) || inRect(x, y, CHIMNEY);
}

const SAMPLES = 4;

/**
 * How much of each pixel the house covers (0..1), for an image `size` pixels square with the
 * house drawn in the square at `offset` of side `extent` pixels. 4×4 samples per pixel smooth the edges.
 */
function coverage(size: number, offset: number, extent: number): Float64Array {
  const cover = new Float64Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES - offset) / extent;
          const y = (py + (sy + 0.5) / SAMPLES - offset) / extent;
          if (inHouse(x, y)) hits++;
        }
      }
      cover[py * size + px] = hits / (SAMPLES * SAMPLES);
    }
  }
  return cover;
}

function hexToRgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a colour like #1B5E7A: ${hex}`);
  return [parseInt(match[1] ?? '0', 16), parseInt(match[2] ?? '0', 16), parseInt(match[3] ?? '0', 16)];
}

/** 192×192, full colour, no transparency: the white house on the accent colour. */
export function drawColourIcon(): Buffer {
  const size = COLOUR_ICON_SIZE;
  const cover = coverage(size, 48, 96);
  const background = hexToRgb(ACCENT_COLOUR);
  const rgba = new Uint8Array(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    const c = cover[p] ?? 0;
    for (let i = 0; i < 3; i++) rgba[p * 4 + i] = Math.round((background[i] ?? 0) * (1 - c) + 255 * c);
    rgba[p * 4 + 3] = 255;
  }
  return encodePng(size, size, rgba, { alpha: false });
}

/** 32×32: the white house on a transparent background (alpha carries the shape). */
export function drawOutlineIcon(): Buffer {
  const size = OUTLINE_ICON_SIZE;
  const cover = coverage(size, 1, 30);
  const rgba = new Uint8Array(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    rgba.set([255, 255, 255, Math.round((cover[p] ?? 0) * 255)], p * 4);
  }
  return encodePng(size, size, rgba, { alpha: true });
}

export const MANIFEST_DIR = join(__dirname, '..', 'manifest');

if (require.main === module) {
  writeFileSync(join(MANIFEST_DIR, 'color.png'), drawColourIcon());
  writeFileSync(join(MANIFEST_DIR, 'outline.png'), drawOutlineIcon());
  console.log('Wrote manifest/color.png (192×192) and manifest/outline.png (32×32).');
}
