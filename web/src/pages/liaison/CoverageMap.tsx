// The grids of a visit round's area drawn from their GeoJSON boundaries (GET /api/regions/geojson,
// as the region page draws them), each coloured by the share of its households visited in the
// round: red where few were, green where all were, grey where the grid has no households.
// Only the map chart, tooltip, visual map and canvas renderer are registered.
import { useEffect } from 'react';
import { useEChart } from '../../components/useEChart.ts';
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { GridCollection } from '../../components/GridMap.tsx';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export interface GridCoverage { id: number; households: number; visited: number; rate: number }

interface Props {
  mapKey: string;
  geo: GridCollection;
  coverage: GridCoverage[];
  labels: { visited: string; rate: string; legendHigh: string; legendLow: string; none: string; unit: string };
  compact?: boolean;
}

export default function CoverageMap({ mapKey, geo, coverage, labels, compact }: Props) {
  const { box, chart } = useEChart();

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const features = geo.features.filter((f) => f.geometry);
    const byId = new Map(coverage.map((r) => [String(r.id), r]));
    const names = new Map(features.map((f) => [String(f.properties.id), f.properties.name]));
    // Names repeat across areas; ids do not, so features are keyed by id.
    echarts.registerMap(mapKey, { type: 'FeatureCollection', features: features.map((f) => ({ ...f, properties: { ...f.properties, key: String(f.properties.id) } })) } as never);
    const fontSize = compact ? 12 : 14;
    c.setOption({
      tooltip: {
        trigger: 'item', textStyle: { fontSize: 15 },
        formatter: (p: { name: string }) => {
          const r = byId.get(p.name);
          const name = escapeHtml(names.get(p.name) ?? '');
          if (!r || r.households === 0) return `<b>${name}</b><br/>${labels.none}`;
          return `<b>${name}</b><br/>${labels.visited}：${r.visited} / ${r.households}${labels.unit}<br/>${labels.rate}：${Math.round(r.rate * 1000) / 10}%`;
        },
      },
      visualMap: {
        type: 'continuous', min: 0, max: 100, left: 12, bottom: 12, calculable: false, orient: compact ? 'horizontal' : 'vertical',
        text: [labels.legendHigh, labels.legendLow], textStyle: { fontSize: 13 }, formatter: (v: number) => `${Math.round(v)}%`,
        inRange: { color: ['#cf1322', '#fa8c16', '#fadb14', '#95de64', '#389e0d'] },
        outOfRange: { color: '#d9d9d9' },
      },
      series: [{
        type: 'map', map: mapKey, nameProperty: 'key', roam: true, aspectScale: 0.75, selectedMode: false,
        // Room for the legend: on the left on a wide screen, below on a phone.
        left: compact ? 12 : 96, right: 12, top: 12, bottom: compact ? 72 : 12,
        labelLayout: { hideOverlap: true },
        label: {
          show: true, fontSize, color: '#1f1f1f', textBorderColor: '#fff', textBorderWidth: 3,
          formatter: (p: { name: string }) => {
            const r = byId.get(p.name);
            const short = (names.get(p.name) ?? '').match(/第?[0-9一二三四五六七八九十]+网格$/)?.[0] ?? names.get(p.name) ?? '';
            return r && r.households ? `${short}\n${Math.round(r.rate * 100)}%` : short;
          },
        },
        itemStyle: { borderColor: '#595959', borderWidth: 1, areaColor: '#d9d9d9' },
        emphasis: { label: { show: true, fontWeight: 'bold' }, itemStyle: { borderColor: '#002c8c', borderWidth: 2 } },
        // Grids without households get no value, so they stay grey rather than counting as 0 %.
        data: features.map((f) => {
          const r = byId.get(String(f.properties.id));
          return { name: String(f.properties.id), value: r && r.households ? Math.round(r.rate * 1000) / 10 : NaN };
        }),
      }],
    }, { notMerge: true });
  }, [geo, coverage, mapKey, compact, labels.visited, labels.rate, labels.legendHigh, labels.legendLow, labels.none, labels.unit]);

  return <div ref={box} style={{ width: '100%', height: compact ? 360 : 480 }} role="img" aria-label="coverage map" data-testid="coverage-map" />;
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}
