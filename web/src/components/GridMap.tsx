// The grids of one area drawn from their GeoJSON boundaries, coloured by household count.
// Only the map chart, tooltip, visual map and canvas renderer are registered: importing all of
// echarts would add ~2 MB, and this file is loaded only by the region page.
import { useEffect } from 'react';
import { useEChart } from './useEChart.ts';
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export interface GridFeatureProps { id: number; name: string; code: string; level: string; households: number }
export interface GridCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: GridFeatureProps; geometry: unknown }[];
}

interface Props {
  mapKey: string;
  data: GridCollection;
  selectedId: number | null;
  onSelect: (id: number) => void;
  labels: { households: string; legendLow: string; legendHigh: string };
  compact?: boolean;
}

export default function GridMap({ mapKey, data, selectedId, onSelect, labels, compact }: Props) {
  // Names are not unique across areas; ids are, so the map keys features by id.
  const { box, chart } = useEChart((p) => { const id = Number((p as { name?: string }).name); if (Number.isFinite(id)) onSelect(id); });

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const features = data.features.filter((f) => f.geometry);
    const byId = new Map(features.map((f) => [String(f.properties.id), f.properties]));
    const geo = { type: 'FeatureCollection', features: features.map((f) => ({ ...f, properties: { ...f.properties, key: String(f.properties.id) } })) };
    echarts.registerMap(mapKey, geo as never);
    const max = Math.max(1, ...features.map((f) => f.properties.households ?? 0));
    const fontSize = compact ? 12 : 14;
    const fit = labelFitter(features, c.getWidth(), c.getHeight(), fontSize);
    c.setOption({
      tooltip: {
        trigger: 'item',
        textStyle: { fontSize: 15 },
        formatter: (p: { name: string; value?: number }) => {
          const g = byId.get(p.name);
          return g ? `<b>${escapeHtml(g.name)}</b><br/>${labels.households}：${g.households ?? 0}` : '';
        },
      },
      visualMap: {
        min: 0, max, left: 12, bottom: 12, calculable: true, orient: compact ? 'horizontal' : 'vertical',
        text: [labels.legendHigh, labels.legendLow], textStyle: { fontSize: 13 },
        inRange: { color: ['#fff7e6', '#ffd591', '#ff9c6e', '#f5222d'] },
      },
      series: [{
        type: 'map', map: mapKey, nameProperty: 'key', roam: true, selectedMode: 'single', aspectScale: ASPECT,
        labelLayout: { hideOverlap: true },
        label: { show: true, fontSize, color: '#1f1f1f', textBorderColor: '#fff', textBorderWidth: 3,
          formatter: (p: { name: string }) => fit(p.name, byId.get(p.name)?.name ?? '') },
        itemStyle: { borderColor: '#8c8c8c', borderWidth: 1 },
        emphasis: { label: { show: true, fontWeight: 'bold' }, itemStyle: { areaColor: '#91caff' } },
        select: { label: { show: true, fontWeight: 'bold' }, itemStyle: { areaColor: '#4096ff', borderColor: '#002c8c', borderWidth: 3 } },
        data: features.map((f) => ({ name: String(f.properties.id), value: f.properties.households ?? 0, selected: f.properties.id === selectedId })),
      }],
    }, { notMerge: true });
  }, [data, mapKey, selectedId, labels.households, labels.legendHigh, labels.legendLow, compact]);

  return <div ref={box} style={{ width: '100%', height: compact ? 380 : 560 }} role="img" aria-label="grid map" />;
}

type Feature = GridCollection['features'][number];
const ASPECT = 0.75; // ECharts' default aspectScale for maps, named so the label fitter agrees

/**
 * Grid names are long (海港社区第1网格) and grids can be narrow: show the full name where it
 * fits, the short tail (第1网格) where that fits, and nothing where neither does; the tooltip
 * always has the full name.
 */
function labelFitter(features: Feature[], chartWidth: number, chartHeight: number, fontSize: number) {
  const boxes = new Map<string, { w: number; h: number }>();
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const f of features) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    walk(f.geometry, (x, y) => { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); });
    boxes.set(String(f.properties.id), { w: x1 - x0, h: y1 - y0 });
    minX = Math.min(minX, x0); maxX = Math.max(maxX, x1); minY = Math.min(minY, y0); maxY = Math.max(maxY, y1);
  }
  // ECharts draws a degree of longitude ASPECT times as wide as a degree of latitude and fits
  // the whole map into the box, so the scale is set by whichever side is tighter.
  const perLat = Math.min((chartWidth * 0.8) / Math.max((maxX - minX) * ASPECT, 1e-9), (chartHeight * 0.8) / Math.max(maxY - minY, 1e-9));
  return (key: string, name: string) => {
    const b = boxes.get(key);
    if (!b || b.h * perLat < fontSize * 1.4) return '';
    const px = b.w * perLat * ASPECT;
    if (name.length * fontSize <= px) return name;
    const tail = name.match(/第?[0-9一二三四五六七八九十]+网格$/)?.[0] ?? '';
    return tail && tail.length * fontSize <= px ? tail : '';
  };
}

function walk(geometry: unknown, visit: (x: number, y: number) => void) {
  const rec = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') visit(c[0] as number, c[1] as number);
    else if (Array.isArray(c)) c.forEach(rec);
  };
  rec((geometry as { coordinates?: unknown })?.coordinates);
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}
