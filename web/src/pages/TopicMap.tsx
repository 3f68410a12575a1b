// A topic's requests as points over the grids of its area (GET /api/regions/geojson), or on plain
// longitude/latitude axes when the area has no drawn grids. Loaded only with a topic's detail:
// ECharts' geo, scatter and the canvas renderer, nothing more.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { GridCollection } from '../components/GridMap.tsx';

echarts.use([ScatterChart, GeoComponent, GridComponent, TooltipComponent, CanvasRenderer]);

export interface TopicPoint { id: number; code: string; lat: number; lng: number; status: string; text: string }

const DONE = new Set(['resolved', 'closed', 'replied']);

export default function TopicMap({ mapKey, geo, points, onPick, height = 420 }: { mapKey: string; geo: GridCollection | null; points: TopicPoint[]; onPick?: (id: number) => void; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    const c = echarts.init(box.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => { const id = (p.data as { id?: number } | undefined)?.id; if (id) pickRef.current?.(id); });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current!);
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const features = (geo?.features ?? []).filter((f) => f.geometry);
    const data = points.map((p) => ({ id: p.id, name: p.code, value: [p.lng, p.lat], text: p.text, itemStyle: { color: DONE.has(p.status) ? '#389e0d' : '#cf1322' } }));
    const tooltip = { trigger: 'item', textStyle: { fontSize: 15 }, formatter: (p: { data?: { name: string; text: string } }) => (p.data ? `<b>${escapeHtml(p.data.name)}</b><br/>${escapeHtml(p.data.text)}` : '') };
    if (features.length) {
      echarts.registerMap(mapKey, { type: 'FeatureCollection', features: features.map((f) => ({ ...f, properties: { ...f.properties, name: f.properties.name } })) } as never);
      c.setOption({
        tooltip,
        geo: { map: mapKey, roam: true, aspectScale: 0.75, label: { show: true, fontSize: 13, color: '#595959' }, itemStyle: { areaColor: '#fafafa', borderColor: '#8c8c8c' }, emphasis: { disabled: true } },
        series: [{ type: 'scatter', coordinateSystem: 'geo', symbolSize: 16, data, emphasis: { scale: 1.4 } }],
      }, { notMerge: true });
    } else {
      c.setOption({
        tooltip,
        xAxis: { type: 'value', scale: true, name: '经度', axisLabel: { fontSize: 12 } },
        yAxis: { type: 'value', scale: true, name: '纬度', axisLabel: { fontSize: 12 } },
        series: [{ type: 'scatter', symbolSize: 16, data }],
      }, { notMerge: true });
    }
  }, [geo, points, mapKey]);

  return <div ref={box} style={{ width: '100%', height }} role="img" aria-label="topic map" data-testid="topic-map" />;
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}
