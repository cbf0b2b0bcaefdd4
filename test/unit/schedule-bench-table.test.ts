/**
 * Smoke test of the benchmark's report code (test/bench/table.ts): the
 * benchmark itself is too slow for `npm test`, but its output format is not.
 */
import { describe, expect, it } from 'vitest';

import type { PollerFigures } from '../bench/metrics.ts';
import { percentile } from '../bench/metrics.ts';
import { formatTable, targets, toJsonLine } from '../bench/table.ts';
import type { BenchReport } from '../bench/table.ts';

function poller(requestsPerHour: number, latencyS: number): PollerFigures {
  return {
    requests_per_hour_playing: requestsPerHour,
    requests_per_hour_paused: requestsPerHour,
    requests_per_hour_hidden: requestsPerHour,
    natural_change_p50_s: latencyS / 2,
    natural_change_p95_s: latencyS,
    manual_change_p50_s: latencyS / 2,
    manual_change_p95_s: latencyS,
    progress_error_p95_s: 0.01234,
  };
}

const REPORT: BenchReport = {
  traytune: { ...poller(800.4, 0.6), requests_per_hour_paused: 130, requests_per_hour_hidden: 50 },
  fixed_1s: poller(3600, 1),
  fixed_2s: poller(1800, 2),
  fixed_5s: poller(720, 5),
  fixed_10s: poller(360, 10),
  heap_growth_24h_mb: 0.1234,
  login_roundtrip_ms: 12.345,
  renderer_gzip_kb: 8.04,
  first_render_ms: null,
};

describe('benchmark report', () => {
  it('prints one JSON object with exactly the documented keys, rounded', () => {
    const parsed = JSON.parse(toJsonLine(REPORT)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'traytune',
      'fixed_1s',
      'fixed_2s',
      'fixed_5s',
      'fixed_10s',
      'heap_growth_24h_mb',
      'login_roundtrip_ms',
      'renderer_gzip_kb',
      'first_render_ms',
    ]);
    expect(Object.keys(parsed['traytune'] as object)).toEqual(Object.keys(poller(0, 0)));
    expect(parsed['traytune']).toMatchObject({ requests_per_hour_playing: 800, progress_error_p95_s: 0.012 });
    expect(parsed['first_render_ms']).toBeNull();
    expect(toJsonLine(REPORT)).not.toContain('\n');
  });

  it('tabulates every poller with its share of the 1 s poller, and says why a figure is missing', () => {
    const table = formatTable(REPORT, { unavailable: { firstRender: 'no Chromium' } });
    for (const label of ['Traytune', 'fixed 1 s', 'fixed 2 s', 'fixed 5 s', 'fixed 10 s'])
      expect(table).toContain(label);
    expect(table).toContain('800 (22.2 %)');
    expect(table).toContain('first render in Chromium (median): unavailable (no Chromium)');
  });

  it('checks each target against the figures', () => {
    const verdicts = Object.fromEntries(targets(REPORT).map(([what, met]) => [what, met]));
    expect(verdicts['natural change p95 ≤ 1.0 s']).toBe(true);
    expect(verdicts['requests while playing ≤ 25 % of the 1 s poller']).toBe(true);
    expect(verdicts['paused, idle or hidden ≤ 5 % of the 1 s poller']).toBe(true);
    expect(verdicts['first render ≤ 50 ms']).toBeNull();
    const slow = { ...REPORT, traytune: { ...REPORT.traytune, natural_change_p95_s: 1.5 } };
    expect(Object.fromEntries(targets(slow).map(([what, met]) => [what, met]))['natural change p95 ≤ 1.0 s']).toBe(
      false,
    );
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
  });
});
