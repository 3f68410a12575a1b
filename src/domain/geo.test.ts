import { describe, expect, it } from 'vitest';
import { bboxOf, geometryContains, isGeometry, type Geometry } from './geo.ts';

const square: Geometry = { type: 'Polygon', coordinates: [[[120, 37], [121, 37], [121, 38], [120, 38], [120, 37]]] };
const withHole: Geometry = { type: 'Polygon', coordinates: [square.coordinates[0], [[120.4, 37.4], [120.6, 37.4], [120.6, 37.6], [120.4, 37.6], [120.4, 37.4]]] };

describe('locating a point', () => {
  it('inside, outside, in a hole, in a multipolygon', () => {
    expect(geometryContains(square, 37.5, 120.5)).toBe(true);
    expect(geometryContains(square, 36.9, 120.5)).toBe(false);
    expect(geometryContains(withHole, 37.5, 120.5)).toBe(false);
    expect(geometryContains(withHole, 37.2, 120.2)).toBe(true);
    const multi: Geometry = { type: 'MultiPolygon', coordinates: [square.coordinates, [[[122, 37], [123, 37], [123, 38], [122, 37]]]] };
    expect(geometryContains(multi, 37.2, 122.8)).toBe(true);
  });
  it('validates GeoJSON and computes the bounding box', () => {
    expect(isGeometry(square)).toBe(true);
    expect(isGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 1]]] })).toBe(false);
    expect(isGeometry({ type: 'Point', coordinates: [0, 0] })).toBe(false);
    expect(bboxOf(square)).toEqual({ minLat: 37, minLng: 120, maxLat: 38, maxLng: 121 });
  });
});
