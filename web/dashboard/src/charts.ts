import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { FailureDemandRow, FailureTypeShare, ParetoRow } from '@frictionlens/contracts';
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

/** A period's axis label: "2026-10-26 (part)" when from or to cuts it (the API's `partial`). */
export function periodLabel(row: FailureDemandRow): string {
  return row.partial ? `${row.period} (part)` : row.period;
}

/** The failure-demand ratio per period as a line, with its 95% Wilson interval as a band. */
export function ratioOverTime(parent: HTMLElement, rows: FailureDemandRow[]): void {
  const periods = rows.map(periodLabel);
  const classified = (r: FailureDemandRow) => r.failureDemandRatio !== null;
  chart(parent, 'Failure-demand ratio per week with its 95% interval', {
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const row = rows[items[0]?.dataIndex ?? 0]!;
        return `${escapeHtml(row.period)}${row.partial ? ' (part of the week: cut by the period)' : ''}<br/>failure demand ${pct(row.failureDemandRatio)} (${pct(row.failureDemandRatioLow)}–${pct(row.failureDemandRatioHigh)})<br/>${count(row.failureContacts)} failure, ${count(row.valueContacts)} value, ${count(row.unclassifiedContacts)} unclassified`;
      },
    },
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: percentAxis(),
    series: [
      { name: 'low', type: 'line', stack: 'band', data: rows.map((r) => (classified(r) ? r.failureDemandRatioLow : null)), lineStyle: { opacity: 0 }, symbol: 'none', silent: true },
      { name: '95% interval', type: 'line', stack: 'band', data: rows.map((r) => (classified(r) ? r.failureDemandRatioHigh - r.failureDemandRatioLow : null)), lineStyle: { opacity: 0 }, areaStyle: { color: colours.band }, symbol: 'none', silent: true },
      { name: 'failure-demand ratio', type: 'line', data: rows.map((r) => ({ value: r.failureDemandRatio, itemStyle: { color: colours.failure, opacity: r.partial ? 0.35 : 1 } })), itemStyle: { color: colours.failure }, symbolSize: 5 },
    ],
  });
}

/** Contacts per period, stacked by demand type. */
export function volumeOverTime(parent: HTMLElement, rows: FailureDemandRow[]): void {
  chart(parent, 'Contacts per week by demand type', {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: rows.map(periodLabel) },
    yAxis: { type: 'value' },
    // A period cut by from or to holds fewer days: paler, so its short bar is not read as a drop.
    series: [
      { name: 'failure', type: 'bar', stack: 'demand', data: rows.map((r) => ({ value: r.failureContacts, itemStyle: { opacity: r.partial ? 0.35 : 1 } })), itemStyle: { color: colours.failure } },
      { name: 'value', type: 'bar', stack: 'demand', data: rows.map((r) => ({ value: r.valueContacts, itemStyle: { opacity: r.partial ? 0.35 : 1 } })), itemStyle: { color: colours.value } },
      { name: 'unclassified', type: 'bar', stack: 'demand', data: rows.map((r) => ({ value: r.unclassifiedContacts, itemStyle: { opacity: r.partial ? 0.35 : 1 } })), itemStyle: { color: colours.unclassified } },
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
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ seriesName: string; axisValue: string; seriesIndex: number }>) => {
        const lines = items.filter((item) => item.seriesIndex % 3 === 2).map((item) => {
          const r = rows.find((row) => row.period === item.axisValue && (row.group || '(none)') === item.seriesName);
          return r && r.failureDemandRatio !== null ? `${escapeHtml(item.seriesName)}: ${pct(r.failureDemandRatio)} (95% CI ${pct(r.failureDemandRatioLow)}–${pct(r.failureDemandRatioHigh)}, ${count(r.failureContacts + r.valueContacts)} classified)` : '';
        });
        return [escapeHtml(items[0]?.axisValue ?? ''), ...lines.filter(Boolean)].join('<br/>');
      },
    },
    legend: { top: 0, type: 'scroll', selected, data: groups.map((g) => g || '(none)') },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: percentAxis(),
    // Each line with its 95% Wilson band in its own colour, under the same legend name so they show and hide together.
    series: groups.flatMap((group, i) => {
      const byPeriod = new Map(rows.filter((r) => (r.group ?? '') === group).map((r) => [r.period, r]));
      const name = group || '(none)';
      const colour = palette[i % palette.length]!;
      const row = (p: string) => byPeriod.get(p);
      const classified = (p: string) => row(p) !== undefined && row(p)!.failureDemandRatio !== null;
      return [
        { name, type: 'line', stack: `band-${i}`, data: periods.map((p) => (classified(p) ? row(p)!.failureDemandRatioLow : null)), lineStyle: { opacity: 0 }, symbol: 'none', silent: true, tooltip: { show: false }, color: colour },
        { name, type: 'line', stack: `band-${i}`, data: periods.map((p) => (classified(p) ? row(p)!.failureDemandRatioHigh - row(p)!.failureDemandRatioLow : null)), lineStyle: { opacity: 0 }, areaStyle: { color: colour, opacity: 0.12 }, symbol: 'none', silent: true, tooltip: { show: false }, color: colour },
        { name, type: 'line', connectNulls: false, symbolSize: 4, color: colour, data: periods.map((p) => row(p)?.failureDemandRatio ?? null) },
      ];
    }),
  });
}

/** At most this many bars; the view says when there are more. */
export const PARETO_BARS = 60;

/**
 * Bars largest first, top to bottom, with the cumulative share as a line and the 80% mark. The
 * names run along the side at full length (wrapped, never cut), every row up to PARETO_BARS.
 */
export function pareto(parent: HTMLElement, label: string, rows: ParetoRow[], nameOf: (row: ParetoRow) => string, onClick: (row: ParetoRow) => void): void {
  const shown = rows.slice(0, PARETO_BARS);
  chart(
    parent,
    label,
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (items: Array<{ dataIndex: number }>) => {
        const row = shown[items[0]?.dataIndex ?? 0]!;
        return `${escapeHtml(nameOf(row))}<br/>${count(row.count)} failure contacts (${pct(row.share)})<br/>cumulative ${pct(row.cumulativeShare)}${row.vital ? '<br/>one of the vital few' : ''}`;
      } },
      legend: { top: 0, data: ['failure contacts (pale: after the first 80%)', 'cumulative share'] },
      grid: { left: 270, right: 48, top: 64, bottom: 36 },
      yAxis: { type: 'category', inverse: true, data: shown.map(nameOf), axisLabel: { width: 255, overflow: 'break', lineHeight: 13 } },
      xAxis: [
        { type: 'value', name: 'failure contacts', nameLocation: 'middle', nameGap: 24, position: 'bottom' },
        { ...percentAxis(), name: 'cumulative share', nameLocation: 'middle', nameGap: 24, position: 'top', splitLine: { show: false } },
      ],
      series: [
        {
          name: 'failure contacts (pale: after the first 80%)',
          type: 'bar',
          xAxisIndex: 0,
          itemStyle: { color: colours.failure },
          data: shown.map((r) => ({ value: r.count, itemStyle: { color: r.vital ? colours.failure : '#e6a59e' } })),
          cursor: 'pointer',
        },
        {
          name: 'cumulative share',
          type: 'line',
          xAxisIndex: 1,
          data: shown.map((r) => r.cumulativeShare),
          itemStyle: { color: colours.neutral },
          // The 80% mark labelled along its foot, beside the last (smallest) bars, where no bar reaches.
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#666' }, label: { formatter: '80%', position: 'insideEndTop', distance: 2 }, data: [{ xAxis: 0.8 }] },
        },
      ],
    },
    Math.max(220, 110 + 24 * shown.length),
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
    // The legend on the right, each name whole (wrapped), not a scrolling row that cuts them ("Did not…").
    legend: { orient: 'vertical', right: 0, top: 'middle', itemGap: 12, textStyle: { width: 185, overflow: 'break', lineHeight: 14 } },
    grid: { left: 48, right: 225, top: 32, bottom: 28 },
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
