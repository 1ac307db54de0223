import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { formatNumber, tOr, type Lang, type Translate } from '../../i18n/i18n.ts';
import type { KpiResponse, OnTimeRate } from '../../protocol/kpi.schema.ts';
import type { KpiKey } from '../../protocol/tour.schema.ts';
import { useT, useWall } from '../wall-context.ts';

// The leaders' KPI board (issue 9): large numerals for the six figures, ECharts for the 24-hour
// trend, categories and street response (docs/adr/0006-kpi-charts.md). Figures come from
// GET /api/kpi, refreshed every 30 s; a tour step may highlight one of them.

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const REFRESH_MS = 30_000;
const INK = '#f2f7fc';
const MUTED = '#9fb3c8';
const ACCENT = '#37f0ff';
const WARN = '#ffb547';

function authHeaders(): HeadersInit {
  const token = new URLSearchParams(window.location.search).get('token');
  return token ? { authorization: `Bearer ${token}` } : {};
}

const pct = (lang: Lang, r: number | null) => (r === null ? '—' : `${formatNumber(lang, r * 100, 1)}%`);
const rateOf = (r: OnTimeRate) => r.rate;

function useKpi(): { data: KpiResponse | null; error: string | null } {
  const [state, setState] = useState<{ data: KpiResponse | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let alive = true;
    const load = () =>
      fetch('/api/kpi', { headers: { accept: 'application/json', ...authHeaders() }, cache: 'no-store' })
        .then(async (res) => {
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          const data = (await res.json()) as KpiResponse;
          if (alive) setState({ data, error: null });
        })
        .catch((e: Error) => alive && setState((s) => ({ data: s.data, error: e.message })));
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  return state;
}

function Chart({ option, testId }: { option: echarts.EChartsCoreOption; testId: string }) {
  const el = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div className="kpi-chart" data-testid={testId} ref={el} />;
}

function chartsOf(data: KpiResponse, t: Translate, lang: Lang, fontPx: number) {
  const text = { color: INK, fontSize: fontPx };
  const axis = {
    axisLabel: { color: MUTED, fontSize: fontPx * 0.8 },
    axisLine: { lineStyle: { color: MUTED } },
    splitLine: { show: false },
  };
  const hours = data.trend.map((b) =>
    new Date(b.start).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', {
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }),
  );
  const trend: echarts.EChartsCoreOption = {
    animation: false,
    textStyle: text,
    legend: { textStyle: text, top: 0 },
    grid: { left: '8%', right: '4%', top: '22%', bottom: '14%' },
    xAxis: { type: 'category', data: hours, ...axis },
    yAxis: { type: 'value', minInterval: 1, ...axis },
    series: [
      {
        name: t('hall.kpi.trendReported'),
        type: 'line',
        smooth: true,
        data: data.trend.map((b) => b.reported),
        lineStyle: { color: ACCENT, width: 3 },
        itemStyle: { color: ACCENT },
      },
      {
        name: t('hall.kpi.trendClosed'),
        type: 'line',
        smooth: true,
        data: data.trend.map((b) => b.closed),
        lineStyle: { color: WARN, width: 3 },
        itemStyle: { color: WARN },
      },
    ],
  };
  const cats = Object.entries(data.total.byCategory).sort((a, b) => b[1] - a[1]);
  const categories: echarts.EChartsCoreOption = {
    animation: false,
    textStyle: text,
    grid: { left: '30%', right: '6%', top: '4%', bottom: '4%' },
    xAxis: { type: 'value', minInterval: 1, ...axis },
    yAxis: { type: 'category', inverse: true, data: cats.map(([c]) => tOr(t, `incident.category.${c}`, c)), ...axis },
    series: [
      {
        type: 'bar',
        data: cats.map(([, n]) => n),
        itemStyle: { color: ACCENT },
        label: { show: true, position: 'right', color: INK, fontSize: fontPx * 0.8 },
      },
    ],
  };
  const streets = Object.entries(data.streets)
    .filter(([, f]) => f.dispatch.rate !== null)
    .sort((a, b) => (rateOf(a[1].dispatch) ?? 0) - (rateOf(b[1].dispatch) ?? 0))
    .slice(0, 10);
  const byStreet: echarts.EChartsCoreOption = {
    animation: false,
    textStyle: text,
    grid: { left: '14%', right: '10%', top: '4%', bottom: '4%' },
    xAxis: { type: 'value', max: 100, ...axis },
    yAxis: { type: 'category', data: streets.map(([id]) => id), ...axis },
    series: [
      {
        type: 'bar',
        data: streets.map(([, f]) => Math.round((f.dispatch.rate ?? 0) * 1000) / 10),
        itemStyle: { color: WARN },
        label: { show: true, position: 'right', color: INK, formatter: '{c}%', fontSize: fontPx * 0.8 },
      },
    ],
  };
  return { trend, categories, byStreet };
}

const FIGURES: { key: KpiKey; label: Parameters<Translate>[0]; value: (d: KpiResponse, lang: Lang) => string }[] = [
  { key: 'incidents-today', label: 'hall.kpi.received', value: (d, lang) => formatNumber(lang, d.total.received) },
  { key: 'closed-rate', label: 'hall.kpi.closedRate', value: (d, lang) => pct(lang, d.total.closedRate) },
  { key: 'satisfaction', label: 'hall.kpi.satisfaction', value: (d, lang) => pct(lang, d.total.satisfaction.rate) },
  { key: 'dispatch-on-time', label: 'hall.kpi.dispatch', value: (d, lang) => pct(lang, d.total.dispatch.rate) },
  { key: 'arrival-on-time', label: 'hall.kpi.arrival', value: (d, lang) => pct(lang, d.total.arrival.rate) },
  {
    key: 'reinforcement-on-time',
    label: 'hall.kpi.reinforcement',
    value: (d, lang) => pct(lang, d.total.reinforcement.rate),
  },
];

export function KpiBoard({ highlight }: { highlight: KpiKey | null }) {
  const t = useT();
  const lang = useWall((s) => s.lang);
  const { data, error } = useKpi();
  const fontPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const charts = data ? chartsOf(data, t, lang, fontPx) : null;
  return (
    <section className="kpi-board" data-testid="kpi-board" data-highlight={highlight ?? ''}>
      <h2 className="kpi-title">{t('hall.kpi.title')}</h2>
      {error && !data ? <div className="kpi-error">{t('hall.kpi.error', { error })}</div> : null}
      {!data && !error ? <div className="kpi-loading">{t('hall.kpi.loading')}</div> : null}
      {data ? (
        <>
          <div className="kpi-figures">
            {FIGURES.map((f) => (
              <div
                key={f.key}
                className={`kpi-figure${highlight === f.key ? ' kpi-highlight' : ''}`}
                data-testid={`kpi-${f.key}`}
              >
                <div className="kpi-value">{f.value(data, lang)}</div>
                <div className="kpi-label">{t(f.label)}</div>
              </div>
            ))}
          </div>
          <div className={`kpi-charts${highlight === 'trend-24h' ? ' kpi-highlight' : ''}`}>
            <figure>
              <figcaption>{t('hall.kpi.trend')}</figcaption>
              <Chart option={charts!.trend} testId="kpi-trend" />
            </figure>
            <figure>
              <figcaption>{t('hall.kpi.byCategory')}</figcaption>
              <Chart option={charts!.categories} testId="kpi-categories" />
            </figure>
            <figure>
              <figcaption>{t('hall.kpi.streets')}</figcaption>
              <Chart option={charts!.byStreet} testId="kpi-streets" />
            </figure>
          </div>
        </>
      ) : null}
    </section>
  );
}
