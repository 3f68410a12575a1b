// One ECharts instance bound to a div: created on mount, resized with its box, disposed on
// unmount. `onClick` receives each click's params; the latest callback is used without
// re-creating the chart. Callers register the chart types they need with echarts.use.
import { useEffect, useRef, type RefObject } from 'react';
import * as echarts from 'echarts/core';

export function useEChart(onClick?: (params: unknown) => void): { box: RefObject<HTMLDivElement | null>; chart: RefObject<echarts.ECharts | null> } {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  useEffect(() => {
    const c = echarts.init(box.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => clickRef.current?.(p));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current!);
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, []);
  return { box, chart };
}
