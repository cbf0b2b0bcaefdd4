/**
 * The benchmark's report: the figures as one object (printed as the JSON
 * line), the human table, and the targets checked one by one. Pure
 * formatting, so a unit test can smoke-test it without running anything.
 */
import type { PollerFigures, SampleCounts } from './metrics.ts';

export const POLLERS = ['traytune', 'fixed_1s', 'fixed_2s', 'fixed_5s', 'fixed_10s'] as const;
export type PollerName = (typeof POLLERS)[number];

/** Exactly the keys `npm run bench -- --json` prints; null where a figure could not be measured. */
export type BenchReport = Record<PollerName, PollerFigures> & {
  heap_growth_24h_mb: number | null;
  login_roundtrip_ms: number | null;
  renderer_gzip_kb: number | null;
  first_render_ms: number | null;
};

/** What is printed under the figures: sample sizes, and why a figure is missing. */
export interface BenchNotes {
  counts?: Partial<Record<PollerName, SampleCounts>>;
  sessionHours?: number;
  unavailable?: Partial<Record<'heap' | 'login' | 'renderer' | 'firstRender', string>>;
  detail?: string[];
}

const LABEL: Record<PollerName, string> = {
  traytune: 'Traytune',
  fixed_1s: 'fixed 1 s',
  fixed_2s: 'fixed 2 s',
  fixed_5s: 'fixed 5 s',
  fixed_10s: 'fixed 10 s',
};

function round(value: number | null, digits: number): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}

/** The report with every figure rounded for printing (requests to whole numbers, seconds to ms). */
export function rounded(report: BenchReport): BenchReport {
  const poller = (f: PollerFigures): PollerFigures => ({
    requests_per_hour_playing: Math.round(f.requests_per_hour_playing),
    requests_per_hour_paused: Math.round(f.requests_per_hour_paused),
    requests_per_hour_hidden: Math.round(f.requests_per_hour_hidden),
    natural_change_p50_s: round(f.natural_change_p50_s, 3),
    natural_change_p95_s: round(f.natural_change_p95_s, 3),
    manual_change_p50_s: round(f.manual_change_p50_s, 3),
    manual_change_p95_s: round(f.manual_change_p95_s, 3),
    progress_error_p95_s: round(f.progress_error_p95_s, 3),
  });
  return {
    traytune: poller(report.traytune),
    fixed_1s: poller(report.fixed_1s),
    fixed_2s: poller(report.fixed_2s),
    fixed_5s: poller(report.fixed_5s),
    fixed_10s: poller(report.fixed_10s),
    heap_growth_24h_mb: round(report.heap_growth_24h_mb, 3),
    login_roundtrip_ms: round(report.login_roundtrip_ms, 1),
    renderer_gzip_kb: round(report.renderer_gzip_kb, 1),
    first_render_ms: round(report.first_render_ms, 1),
  };
}

/** The one-line JSON form, keys in the documented order. */
export function toJsonLine(report: BenchReport): string {
  return JSON.stringify(rounded(report));
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
}

function share(value: number, base: number): string {
  return base > 0 ? ` (${((100 * value) / base).toFixed(1)} %)` : '';
}

const seconds = (value: number | null): string => (value === null ? 'n/a' : `${value.toFixed(2)} s`);

/** Each target against the figures: [description, met?, what was measured]. */
export function targets(report: BenchReport): [string, boolean | null, string][] {
  const t = report.traytune;
  const base = report.fixed_1s;
  const pct = (value: number, of: number): number => (of > 0 ? (100 * value) / of : Number.POSITIVE_INFINITY);
  const atMost = (value: number | null, limit: number): boolean | null => (value === null ? null : value <= limit);
  const idleShare = Math.max(
    pct(t.requests_per_hour_paused, base.requests_per_hour_paused),
    pct(t.requests_per_hour_hidden, base.requests_per_hour_hidden),
  );
  return [
    ['natural change p95 ≤ 1.0 s', atMost(t.natural_change_p95_s, 1), seconds(t.natural_change_p95_s)],
    ['manual change p50 ≤ 2.5 s', atMost(t.manual_change_p50_s, 2.5), seconds(t.manual_change_p50_s)],
    [
      'requests while playing ≤ 25 % of the 1 s poller',
      atMost(pct(t.requests_per_hour_playing, base.requests_per_hour_playing), 25),
      `${pct(t.requests_per_hour_playing, base.requests_per_hour_playing).toFixed(1)} %`,
    ],
    ['paused, idle or hidden ≤ 5 % of the 1 s poller', atMost(idleShare, 5), `${idleShare.toFixed(1)} % (worst)`],
    ['progress error p95 ≤ 0.5 s', atMost(t.progress_error_p95_s, 0.5), seconds(t.progress_error_p95_s)],
    ['heap growth ≤ 1 MB / 24 h', atMost(report.heap_growth_24h_mb, 1), `${report.heap_growth_24h_mb ?? 'n/a'} MB`],
    ['renderer ≤ 40 KB gzipped', atMost(report.renderer_gzip_kb, 40), `${report.renderer_gzip_kb ?? 'n/a'} KB`],
    ['first render ≤ 50 ms', atMost(report.first_render_ms, 50), `${report.first_render_ms ?? 'n/a'} ms`],
  ];
}

/** The human-readable report. */
export function formatTable(raw: BenchReport, notes: BenchNotes = {}): string {
  const report = rounded(raw);
  const base = report.fixed_1s;
  const head = ['poller', 'req/h playing', 'req/h paused', 'req/h hidden', 'natural p50', 'natural p95'];
  head.push('manual p50', 'manual p95', 'progress err p95');
  const rows = POLLERS.map((name) => {
    const f = report[name];
    return [
      LABEL[name],
      `${f.requests_per_hour_playing}${share(f.requests_per_hour_playing, base.requests_per_hour_playing)}`,
      `${f.requests_per_hour_paused}${share(f.requests_per_hour_paused, base.requests_per_hour_paused)}`,
      `${f.requests_per_hour_hidden}${share(f.requests_per_hour_hidden, base.requests_per_hour_hidden)}`,
      seconds(f.natural_change_p50_s),
      seconds(f.natural_change_p95_s),
      seconds(f.manual_change_p50_s),
      seconds(f.manual_change_p95_s),
      seconds(f.progress_error_p95_s),
    ];
  });
  const widths = head.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const hours = notes.sessionHours === undefined ? '' : ` (${notes.sessionHours.toFixed(1)} virtual hours each)`;
  const lines = [`Polling: the same scripted session for every poller${hours}`, pad(head, widths)];
  lines.push(
    pad(
      head.map((_, i) => '-'.repeat(widths[i] ?? 0)),
      widths,
    ),
  );
  lines.push(...rows.map((row) => pad(row, widths)));
  const counts = notes.counts?.traytune;
  if (counts !== undefined) {
    lines.push(
      `samples (Traytune): ${counts.natural} natural changes, ${counts.manual} manual changes, ` +
        `${counts.progress} progress samples, ${counts.requests} requests`,
    );
  }
  const missing = notes.unavailable ?? {};
  const other = (label: string, value: number | null, unit: string, why: string | undefined): string =>
    `${label}: ${value === null ? `unavailable${why === undefined ? '' : ` (${why})`}` : `${value} ${unit}`}`;
  lines.push(
    '',
    other('core heap growth over 24 virtual hours', report.heap_growth_24h_mb, 'MB', missing.heap),
    other('login round trip on loopback (median)', report.login_roundtrip_ms, 'ms', missing.login),
    other('renderer bundle, gzipped', report.renderer_gzip_kb, 'KB', missing.renderer),
    other('first render in Chromium (median)', report.first_render_ms, 'ms', missing.firstRender),
  );
  if (notes.detail !== undefined && notes.detail.length > 0) lines.push(...notes.detail.map((d) => `  ${d}`));
  lines.push('', 'Targets (Traytune):');
  for (const [what, met, measured] of targets(report)) {
    lines.push(`  ${met === null ? 'n/a   ' : met ? 'met   ' : 'MISSED'}  ${what}: ${measured}`);
  }
  return lines.join('\n');
}
