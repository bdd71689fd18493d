import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { FailureDemandRow, FailureTypeShare, ParetoRow } from './api.js';
import { el, escapeHtml } from './dom.js';
import { count, pct } from './format.js';

echarts.use([LineChart, BarChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer]);

type Option = echarts.EChartsCoreOption;

const live: echarts.ECharts[] = [];
window.addEventListener('resize', () => live.forEach((chart) => chart.resize()));

/** Disposes the charts of the screen being left. */
export function disposeCharts(): void {
  while (live.length) live.pop()?.dispose();
}

export const colours = { failure: '#c0392b', value: '#2f7d5b', unclassified: '#9aa1a9', band: 'rgba(192, 57, 43, 0.15)', neutral: '#3b6ea8' };
const palette = ['#3b6ea8', '#c0392b', '#2f7d5b', '#d68910', '#7d3c98', '#17a2b8', '#6c757d', '#a04000'];

/**
 * A chart in a box of its own; `label` describes it for screen readers. A tooltip `formatter`
 * returns HTML (ECharts sets it as innerHTML): put every name from the API in it through
 * escapeHtml. ECharts' own tooltips escape names themselves; labels and legends are drawn on canvas.
 */
export function chart(parent: HTMLElement, label: string, option: Option, height = 280, onClick?: (params: { name: string; dataIndex: number; seriesName?: string }) => void): echarts.ECharts {
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': label, style: `height:${height}px` });
  parent.appendChild(box);
  const instance = echarts.init(box, undefined, { renderer: 'canvas' });
  instance.setOption({ color: palette, animation: false, textStyle: { fontFamily: 'inherit' }, ...option });
  if (onClick) instance.on('click', (params) => onClick(params as { name: string; dataIndex: number; seriesName?: string }));
  live.push(instance);
  return instance;
}

const percentAxis = (max = 1) => ({ type: 'value', min: 0, max, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } });

/** The failure-demand ratio per period as a line, with its 95% Wilson interval as a band. */
export function ratioOverTime(parent: HTMLElement, rows: FailureDemandRow[]): void {
  const periods = rows.map((r) => r.period);
  const classified = (r: FailureDemandRow) => r.failureDemandRatio !== null;
  chart(parent, 'Failure-demand ratio per week with its 95% interval', {
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const row = rows[items[0]?.dataIndex ?? 0]!;
        return `${escapeHtml(row.period)}<br/>failure demand ${pct(row.failureDemandRatio)} (${pct(row.failureDemandRatioLow)}–${pct(row.failureDemandRatioHigh)})<br/>${count(row.failureContacts)} failure, ${count(row.valueContacts)} value, ${count(row.unclassifiedContacts)} unclassified`;
      },
    },
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: percentAxis(),
    series: [
      { name: 'low', type: 'line', stack: 'band', data: rows.map((r) => (classified(r) ? r.failureDemandRatioLow : null)), lineStyle: { opacity: 0 }, symbol: 'none', silent: true },
      { name: '95% interval', type: 'line', stack: 'band', data: rows.map((r) => (classified(r) ? r.failureDemandRatioHigh - r.failureDemandRatioLow : null)), lineStyle: { opacity: 0 }, areaStyle: { color: colours.band }, symbol: 'none', silent: true },
      { name: 'failure-demand ratio', type: 'line', data: rows.map((r) => r.failureDemandRatio), itemStyle: { color: colours.failure }, symbolSize: 5 },
    ],
  });
}

/** Contacts per period, stacked by demand type. */
export function volumeOverTime(parent: HTMLElement, rows: FailureDemandRow[]): void {
  chart(parent, 'Contacts per week by demand type', {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.period) },
    yAxis: { type: 'value' },
    series: [
      { name: 'failure', type: 'bar', stack: 'demand', data: rows.map((r) => r.failureContacts), itemStyle: { color: colours.failure } },
      { name: 'value', type: 'bar', stack: 'demand', data: rows.map((r) => r.valueContacts), itemStyle: { color: colours.value } },
      { name: 'unclassified', type: 'bar', stack: 'demand', data: rows.map((r) => r.unclassifiedContacts), itemStyle: { color: colours.unclassified } },
    ],
  });
}

/** The ratio per period for each group (channel, kind…), one line each. */
export function ratioByGroup(parent: HTMLElement, label: string, rows: FailureDemandRow[]): void {
  const periods = [...new Set(rows.map((r) => r.period))];
  const groups = [...new Set(rows.map((r) => r.group ?? ''))];
  // Groups with few classified contacts swing wildly week to week; they start hidden (a click on the legend shows them).
  const classified = (group: string) => rows.filter((r) => (r.group ?? '') === group).reduce((sum, r) => sum + r.failureContacts + r.valueContacts, 0);
  const total = groups.reduce((sum, g) => sum + classified(g), 0);
  const selected = Object.fromEntries(groups.map((g) => [g || '(none)', classified(g) >= total * 0.03]));
  chart(parent, label, {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => pct(v) },
    legend: { top: 0, type: 'scroll', selected },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: percentAxis(),
    series: groups.map((group) => {
      const byPeriod = new Map(rows.filter((r) => (r.group ?? '') === group).map((r) => [r.period, r.failureDemandRatio]));
      return { name: group || '(none)', type: 'line', connectNulls: false, symbolSize: 4, data: periods.map((p) => byPeriod.get(p) ?? null) };
    }),
  });
}

/** Bars largest first with the cumulative share as a line and the 80% mark. */
export function pareto(parent: HTMLElement, label: string, rows: ParetoRow[], nameOf: (row: ParetoRow) => string, onClick: (row: ParetoRow) => void): void {
  const shown = rows.slice(0, 25);
  chart(
    parent,
    label,
    {
      tooltip: { trigger: 'axis', formatter: (items: Array<{ dataIndex: number }>) => {
        const row = shown[items[0]?.dataIndex ?? 0]!;
        return `${escapeHtml(nameOf(row))}<br/>${count(row.count)} failure contacts (${pct(row.share)})<br/>cumulative ${pct(row.cumulativeShare)}${row.vital ? '<br/>one of the vital few' : ''}`;
      } },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 32, bottom: 96 },
      xAxis: { type: 'category', data: shown.map(nameOf), axisLabel: { rotate: 40, interval: 0, width: 110, overflow: 'truncate' } },
      yAxis: [{ type: 'value', name: 'contacts' }, { ...percentAxis(), name: 'cumulative' }],
      series: [
        { name: 'failure contacts', type: 'bar', data: shown.map((r) => ({ value: r.count, itemStyle: { color: r.vital ? colours.failure : '#e6a59e' } })), cursor: 'pointer' },
        {
          name: 'cumulative share',
          type: 'line',
          yAxisIndex: 1,
          data: shown.map((r) => r.cumulativeShare),
          itemStyle: { color: colours.neutral },
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#666' }, label: { formatter: '80%', position: 'insideStartTop' }, data: [{ yAxis: 0.8 }] },
        },
      ],
    },
    320,
    (params) => {
      const row = shown[params.dataIndex];
      if (row) onClick(row);
    },
  );
}

/**
 * A step's failure demand by failure type: each type's share as a dot on its 95% Wilson interval
 * (a thin bar from low to high), largest first from the top. A wide bar is few contacts: the
 * share is a question to go and look, not an answer.
 */
export function failureTypeMix(parent: HTMLElement, label: string, mix: FailureTypeShare[], nameOf: (key: string | null) => string): void {
  const shown = [...mix].reverse(); // the category axis runs bottom-up
  chart(
    parent,
    label,
    {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items: Array<{ dataIndex: number }>) => {
          const row = shown[items[0]?.dataIndex ?? 0]!;
          return `${escapeHtml(nameOf(row.failureType))}<br/>${pct(row.share)} of the failure demand (95% interval ${pct(row.shareLow)}–${pct(row.shareHigh)})<br/>${count(row.failureContacts)} failure contacts`;
        },
      },
      grid: { left: 120, right: 24, top: 8, bottom: 28 },
      xAxis: percentAxis(),
      yAxis: { type: 'category', data: shown.map((r) => nameOf(r.failureType)), axisLabel: { width: 110, overflow: 'truncate' } },
      series: [
        { name: 'low', type: 'bar', stack: 'interval', data: shown.map((r) => r.shareLow), itemStyle: { color: 'transparent' }, silent: true, barWidth: 10 },
        { name: '95% interval', type: 'bar', stack: 'interval', data: shown.map((r) => r.shareHigh - r.shareLow), itemStyle: { color: colours.band, borderColor: colours.failure, borderWidth: 1 }, silent: true, barWidth: 10 },
        { name: 'share', type: 'scatter', data: shown.map((r) => r.share), itemStyle: { color: colours.failure }, symbolSize: 10 },
      ],
    },
    Math.max(120, 40 + 34 * shown.length),
  );
}

/** Failure contacts per period, stacked by failure type ("no type" in grey). */
export function failureByType(parent: HTMLElement, label: string, rows: FailureDemandRow[], nameOf: (key: string | null) => string): void {
  const periods = [...new Set(rows.map((r) => r.period))];
  const total = (group: string) => rows.filter((r) => (r.group ?? '') === group).reduce((sum, r) => sum + r.failureContacts, 0);
  // Largest type at the bottom of the stack; groups without failure demand (value demand's "") left out.
  const groups = [...new Set(rows.map((r) => r.group ?? ''))].filter((g) => total(g) > 0).sort((a, b) => total(b) - total(a) || a.localeCompare(b));
  chart(parent, label, {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    // Room between the legend and the axis name above the plot, which otherwise overlap.
    grid: { left: 48, right: 16, top: 56, bottom: 28 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', name: 'failure contacts' },
    series: groups.map((group) => {
      const byPeriod = new Map(rows.filter((r) => (r.group ?? '') === group).map((r) => [r.period, r.failureContacts]));
      return {
        name: nameOf(group || null),
        type: 'bar',
        stack: 'failure',
        data: periods.map((p) => byPeriod.get(p) ?? 0),
        ...(group === '' && { itemStyle: { color: colours.unclassified } }),
      };
    }),
  });
}

export { echarts };
