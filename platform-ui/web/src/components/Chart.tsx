import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import {
  AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  TitleComponent, TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { PALETTE, currentTheme } from '../theme';

echarts.use([BarChart, LineChart, PieChart, AriaComponent, DataZoomComponent, GridComponent, LegendComponent,
  MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

interface Props {
  option: ChartOption;
  /** What the chart shows, for screen readers (the chart also describes its data through ECharts' aria). */
  label: string;
  height?: number;
}

const STYLES = ['solid', 'dashed', 'dotted'] as const;

/** Themes, patterns and aria applied to every chart, so each page only says what to draw. */
function decorate(option: ChartOption): ChartOption {
  const dark = currentTheme() === 'dark';
  const text = dark ? '#d8dee9' : '#2e3440';
  const grid = dark ? '#3b4252' : '#e5e9f0';
  const series = (option.series as Record<string, unknown>[] | undefined)?.map((s, i) =>
    s.type === 'line' ? { showSymbol: false, sampling: 'lttb', lineStyle: { type: STYLES[i % 3], width: 2 }, ...s } : s);
  return {
    color: PALETTE,
    backgroundColor: 'transparent',
    textStyle: { color: text },
    aria: { enabled: true, decal: { show: true } },
    animation: false,
    tooltip: { trigger: 'axis', ...(option.tooltip as object) },
    legend: { textStyle: { color: text }, top: 0, type: 'scroll', ...(option.legend as object) },
    grid: { left: 48, right: 16, top: 32, bottom: 28, containLabel: true, ...(option.grid as object) },
    ...option,
    ...(series ? { series } : {}),
    xAxis: axis(option.xAxis, text, grid),
    yAxis: axis(option.yAxis, text, grid),
  };
}

function axis(value: unknown, text: string, grid: string) {
  if (!value) return undefined;
  const style = (a: Record<string, unknown>) => ({
    axisLine: { lineStyle: { color: grid } },
    axisLabel: { color: text },
    splitLine: { lineStyle: { color: grid } },
    ...a,
  });
  return Array.isArray(value) ? value.map(style) : style(value as Record<string, unknown>);
}

export function Chart({ option, label, height = 260 }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = element.current!;
    chart.current = echarts.init(el, undefined, { renderer: 'canvas' });
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(el);
    const retheme = () => chart.current?.setOption(decorate(latest.current), { notMerge: true });
    window.addEventListener('feedbackloop:theme', retheme);
    return () => {
      window.removeEventListener('feedbackloop:theme', retheme);
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []);

  const latest = useRef(option);
  useEffect(() => {
    latest.current = option;
    chart.current?.setOption(decorate(option), { notMerge: true, lazyUpdate: true });
  }, [option]);

  // ECharts writes its own description of the data into the chart element's aria-label; the figure names the chart.
  return (
    <figure class="chart-frame" aria-label={label}>
      <div class="chart" ref={element} style={{ height: `${height}px` }} />
    </figure>
  );
}
