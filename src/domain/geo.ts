// Locating a point in a grid: bounding box first, then ray casting on the GeoJSON polygon.
export type Position = [number, number]; // [lng, lat], GeoJSON order
export interface Polygon { type: 'Polygon'; coordinates: Position[][] }
export interface MultiPolygon { type: 'MultiPolygon'; coordinates: Position[][][] }
export type Geometry = Polygon | MultiPolygon;

export interface BBox { minLat: number; minLng: number; maxLat: number; maxLng: number }

function ringContains(ring: Position[], lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > lat) !== (yj > lat) && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygonContains(rings: Position[][], lng: number, lat: number): boolean {
  if (!rings.length || !ringContains(rings[0], lng, lat)) return false;
  return !rings.slice(1).some((hole) => ringContains(hole, lng, lat));
}

export function geometryContains(g: Geometry, lat: number, lng: number): boolean {
  if (g.type === 'Polygon') return polygonContains(g.coordinates, lng, lat);
  return g.coordinates.some((p) => polygonContains(p, lng, lat));
}

export function isGeometry(g: unknown): g is Geometry {
  const x = g as Geometry;
  if (!x || (x.type !== 'Polygon' && x.type !== 'MultiPolygon') || !Array.isArray(x.coordinates)) return false;
  const polys = x.type === 'Polygon' ? [x.coordinates] : x.coordinates;
  return polys.every((rings) => Array.isArray(rings) && rings.length > 0 && rings.every((ring) =>
    Array.isArray(ring) && ring.length >= 4 && ring.every((p) => Array.isArray(p) && p.length >= 2 &&
      Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90)));
}

export function bboxOf(g: Geometry): BBox {
  const b = { minLat: Infinity, minLng: Infinity, maxLat: -Infinity, maxLng: -Infinity };
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polys) for (const [lng, lat] of rings[0]) {
    b.minLat = Math.min(b.minLat, lat); b.maxLat = Math.max(b.maxLat, lat);
    b.minLng = Math.min(b.minLng, lng); b.maxLng = Math.max(b.maxLng, lng);
  }
  return b;
}

export function centreOf(b: BBox): { lat: number; lng: number } {
  return { lat: (b.minLat + b.maxLat) / 2, lng: (b.minLng + b.maxLng) / 2 };
}
