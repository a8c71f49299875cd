/**
 * What the performance charts share: the console's dark theme, times on the trader's local
 * clock, and the conversion of epoch milliseconds to the chart's UTC seconds.
 */
import {
  ColorType,
  createChart,
  type DeepPartial,
  type ChartOptions,
  type IChartApi,
  type TickMarkType,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'

/** Colors of the console's dark theme, shared with styles.css. */
export const CHART_THEME = {
  background: '#0d1117',
  text: '#c9d1d9',
  grid: '#1b222c',
  border: '#30363d',
  accent: '#58a6ff',
  up: '#2ea043',
  down: '#f85149',
  loss: '#ff7b72',
} as const

/** A chart time (UTC seconds) from epoch milliseconds. */
export function chartTime(ms: number): UTCTimestamp {
  return Math.floor(ms / 1000) as UTCTimestamp
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** "14:03", or "2024-05-01 14:03" with the date: the trader's own clock, not UTC. */
export function localChartTime(time: Time, withDate: boolean): string {
  if (typeof time !== 'number') return ''
  const d = new Date(time * 1000)
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  return withDate ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}` : hm
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * An axis label in local time that fits the spacing: the year, the month, the day, or the time
 * of day (TickMarkType 0–4; compared as numbers so the chart library's enum object is not needed).
 */
export function localTickMark(time: Time, type: TickMarkType): string {
  if (typeof time !== 'number') return ''
  const d = new Date(time * 1000)
  switch (type as number) {
    case 0:
      return String(d.getFullYear())
    case 1:
      return `${MONTHS[d.getMonth()] ?? ''} ${d.getFullYear()}`
    case 2:
      return `${MONTHS[d.getMonth()] ?? ''} ${d.getDate()}`
    default:
      return localChartTime(time, false)
  }
}

/** A chart in the console's theme that fills its container, on local time. */
export function createThemedChart(
  container: HTMLElement,
  options: DeepPartial<ChartOptions> = {},
): IChartApi {
  return createChart(container, {
    autoSize: true,
    ...options,
    layout: {
      background: { type: ColorType.Solid, color: CHART_THEME.background },
      textColor: CHART_THEME.text,
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      // The logo injects a <style> element, which the page's CSP forbids; credit is in the footer.
      attributionLogo: false,
      panes: { separatorColor: CHART_THEME.border },
      ...options.layout,
    },
    grid: { vertLines: { color: CHART_THEME.grid }, horzLines: { color: CHART_THEME.grid } },
    // A label cut by the chart's edge is misread and runs into its neighbour: show edge labels whole.
    rightPriceScale: {
      borderColor: CHART_THEME.border,
      entireTextOnly: true,
      ...options.rightPriceScale,
    },
    timeScale: {
      borderColor: CHART_THEME.border,
      timeVisible: true,
      secondsVisible: false,
      tickMarkFormatter: localTickMark,
      ...options.timeScale,
    },
    localization: { timeFormatter: (time: Time) => localChartTime(time, true) },
  })
}
