// Which grid a point lies in: bounding boxes narrow, the polygon decides.
import type { DB } from '../../db/connection.ts';
import { geometryContains, type Geometry } from '../../domain/geo.ts';
import type { Region } from '../../db/schema.ts';

export async function locateGrid(db: DB, lat: number, lng: number): Promise<Region | null> {
  const candidates = await db.selectFrom('regions').selectAll().where('level', '=', 'grid')
    .where('min_lat', '<=', lat).where('max_lat', '>=', lat).where('min_lng', '<=', lng).where('max_lng', '>=', lng).execute();
  return candidates.find((r) => r.boundary && geometryContains(r.boundary as Geometry, lat, lng)) ?? null;
}
