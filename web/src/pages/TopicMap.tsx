// A topic's requests as points over the grids of its area (GET /api/regions/geojson), or on plain
// longitude/latitude axes when the area has no drawn grids. Loaded only with a topic's detail:
// ECharts' geo, scatter and the canvas renderer, nothing more. Requests at the same spot (the
// grid's centre when a request has no location of its own) are one dot with their count in it,
// so six requests never look like one; a legend under the map says what the colours mean.
import { useEffect, useMemo } from 'react';
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { GridCollection } from '../components/GridMap.tsx';
import { useEChart } from '../components/useEChart.ts';
import { useI18n } from '../i18n.ts';

echarts.use([ScatterChart, GeoComponent, GridComponent, TooltipComponent, CanvasRenderer]);

export interface TopicPoint { id: number; code: string; lat: number; lng: number; status: string; text: string }

const DONE = new Set(['resolved', 'closed', 'replied']);
const OPEN_COLOUR = '#cf1322';
const DONE_COLOUR = '#389e0d';

interface Spot { key: string; lng: number; lat: number; points: TopicPoint[]; open: number }

/** Points within about a metre of each other are one spot. */
function spots(points: TopicPoint[]): Spot[] {
  const by = new Map<string, Spot>();
  for (const p of points) {
    const key = `${p.lng.toFixed(5)},${p.lat.toFixed(5)}`;
    let s = by.get(key);
    if (!s) by.set(key, (s = { key, lng: p.lng, lat: p.lat, points: [], open: 0 }));
    s.points.push(p);
    if (!DONE.has(p.status)) s.open++;
  }
  return [...by.values()];
}

export default function TopicMap({ mapKey, geo, points, onPick, height = 420 }: { mapKey: string; geo: GridCollection | null; points: TopicPoint[]; onPick?: (id: number) => void; height?: number }) {
  const { pick, lang } = useI18n();
  const groups = useMemo(() => spots(points), [points]);
  // One request at a spot opens it; several show their list in the tooltip instead.
  const { box, chart } = useEChart((p) => { const ids = ((p as { data?: { ids?: number[] } }).data)?.ids; if (ids?.length === 1) onPick?.(ids[0]); });

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const features = (geo?.features ?? []).filter((f) => f.geometry);
    const data = groups.map((s) => ({
      name: s.points[0].code, ids: s.points.map((p) => p.id), value: [s.lng, s.lat, s.points.length],
      lines: s.points.slice(0, 6).map((p) => `${p.code} ${p.text.length > 24 ? `${p.text.slice(0, 24)}…` : p.text}`), more: Math.max(0, s.points.length - 6),
      symbolSize: Math.min(44, 18 + 6 * Math.sqrt(s.points.length - 1)),
      itemStyle: { color: s.open ? OPEN_COLOUR : DONE_COLOUR, borderColor: '#fff', borderWidth: 2, opacity: 0.9 },
      label: { show: s.points.length > 1, formatter: String(s.points.length), color: '#fff', fontSize: 14, fontWeight: 'bold' as const },
    }));
    const more = (n: number) => pick(`……另有 ${n} 件`, `… and ${n} more`);
    const tooltip = {
      trigger: 'item', textStyle: { fontSize: 15 }, confine: true,
      formatter: (p: { data?: { lines: string[]; more: number; ids: number[] } }) => (p.data
        ? [p.data.ids.length > 1 ? `<b>${escapeHtml(pick(`此处 ${p.data.ids.length} 件`, `${p.data.ids.length} here`))}</b>` : '', ...p.data.lines.map(escapeHtml), p.data.more ? escapeHtml(more(p.data.more)) : '']
          .filter(Boolean).join('<br/>')
        : ''),
    };
    const series = { type: 'scatter', data, label: { position: 'inside' }, emphasis: { scale: 1.2 } };
    if (features.length) {
      echarts.registerMap(mapKey, { type: 'FeatureCollection', features: features.map((f) => ({ ...f, properties: { ...f.properties, name: f.properties.name } })) } as never);
      c.setOption({
        tooltip,
        // The grid's name sits a little above its centre, where the dots of requests without a
        // location of their own are drawn.
        geo: { map: mapKey, roam: true, aspectScale: 0.75, label: { show: true, fontSize: 13, color: '#595959', offset: [0, -30] }, itemStyle: { areaColor: '#fafafa', borderColor: '#8c8c8c' }, emphasis: { disabled: true } },
        series: [{ ...series, coordinateSystem: 'geo' }],
      }, { notMerge: true });
    } else {
      c.setOption({
        tooltip,
        xAxis: { type: 'value', scale: true, name: pick('经度', 'Longitude'), axisLabel: { fontSize: 12 } },
        yAxis: { type: 'value', scale: true, name: pick('纬度', 'Latitude'), axisLabel: { fontSize: 12 } },
        series: [series],
      }, { notMerge: true });
    }
      // eslint-disable-next-line react-hooks/exhaustive-deps -- pick follows lang
  }, [geo, groups, mapKey, lang]);

  const open = points.filter((p) => !DONE.has(p.status)).length;
  const dot = (colour: string) => <span style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 6, background: colour, marginRight: 6, verticalAlign: -1 }} />;
  return (
    <div>
      <div ref={box} style={{ width: '100%', height }} role="img" aria-label={pick(`${points.length} 件诉求的位置`, `Where the ${points.length} requests are`)} data-testid="topic-map" />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', color: '#595959', fontSize: 14, marginTop: 6 }} data-testid="topic-map-legend">
        <span>{dot(OPEN_COLOUR)}{pick(`未办结 ${open} 件`, `${open} open`)}</span>
        <span>{dot(DONE_COLOUR)}{pick(`已答复或办结 ${points.length - open} 件`, `${points.length - open} answered or done`)}</span>
        <span style={{ color: '#8c8c8c' }}>{pick('圆点中的数字是同一位置的件数；没有定位的诉求画在所在网格的中心', 'A number is how many at one spot; requests without a location are drawn at their grid’s centre')}</span>
      </div>
    </div>
  );
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}
