// Region outlines for the demo: every region is an axis-aligned rectangle, and children tile
// their parent exactly (shared edges are the same rounded numbers), so any point inside a
// community lies in exactly one of its grids and point-in-grid lookups are unambiguous.
import type { Polygon } from '../geo.ts';
import { between, type Rng } from './random.ts';

export interface Rect { minLng: number; minLat: number; maxLng: number; maxLat: number }

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Split a rectangle into n cells, row by row; the last row's cells stretch to fill it. */
export function tile(rect: Rect, n: number): Rect[] {
  if (n <= 0) return [];
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const lat = (k: number) => round6(rect.maxLat - ((rect.maxLat - rect.minLat) * k) / rows);
  const out: Rect[] = [];
  for (let row = 0; row < rows; row++) {
    const inRow = row < rows - 1 ? cols : n - cols * (rows - 1);
    const lng = (k: number) => round6(rect.minLng + ((rect.maxLng - rect.minLng) * k) / inRow);
    // Outer edges come from the parent unchanged, inner edges from one formula: no gaps, no overlaps.
    for (let c = 0; c < inRow; c++) {
      out.push({
        minLng: c === 0 ? rect.minLng : lng(c), maxLng: c === inRow - 1 ? rect.maxLng : lng(c + 1),
        maxLat: row === 0 ? rect.maxLat : lat(row), minLat: row === rows - 1 ? rect.minLat : lat(row + 1),
      });
    }
  }
  return out;
}

/** GeoJSON polygon of a rectangle, exterior ring counter-clockwise as RFC 7946 asks. */
export function polygonOf(r: Rect): Polygon {
  return {
    type: 'Polygon',
    coordinates: [[[r.minLng, r.minLat], [r.maxLng, r.minLat], [r.maxLng, r.maxLat], [r.minLng, r.maxLat], [r.minLng, r.minLat]]],
  };
}

export function unionRect(rects: readonly Rect[]): Rect {
  return {
    minLng: Math.min(...rects.map((x) => x.minLng)), minLat: Math.min(...rects.map((x) => x.minLat)),
    maxLng: Math.max(...rects.map((x) => x.maxLng)), maxLat: Math.max(...rects.map((x) => x.maxLat)),
  };
}

/** The rectangle shrunk by a fraction of its size on each side. */
export function inset(r: Rect, fraction: number): Rect {
  const dx = (r.maxLng - r.minLng) * fraction, dy = (r.maxLat - r.minLat) * fraction;
  return { minLng: r.minLng + dx, maxLng: r.maxLng - dx, minLat: r.minLat + dy, maxLat: r.maxLat - dy };
}

/** A random point strictly inside the rectangle (away from its edges), rounded to ~0.1 m. */
export function pointIn(rng: Rng, r: Rect, margin = 0.08): { lat: number; lng: number } {
  const i = inset(r, margin);
  return { lat: round6(between(rng, i.minLat, i.maxLat)), lng: round6(between(rng, i.minLng, i.maxLng)) };
}

/** A point near (lat, lng), kept strictly inside the rectangle. */
export function jitterIn(rng: Rng, r: Rect, lat: number, lng: number, radius: number): { lat: number; lng: number } {
  const i = inset(r, 0.02);
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  return {
    lat: round6(clamp(lat + between(rng, -radius, radius), i.minLat, i.maxLat)),
    lng: round6(clamp(lng + between(rng, -radius, radius), i.minLng, i.maxLng)),
  };
}

export function rectContains(r: Rect, lat: number, lng: number): boolean {
  return lat > r.minLat && lat < r.maxLat && lng > r.minLng && lng < r.maxLng;
}

export function centreOfRect(r: Rect): { lat: number; lng: number } {
  return { lat: round6((r.minLat + r.maxLat) / 2), lng: round6((r.minLng + r.maxLng) / 2) };
}
