/**
 * The progress bar between updates. The core sends a sample (progress, and
 * the local time it was taken) only when something changes, not every
 * second, so the popover extrapolates with the core's own `progressAt`:
 * never beyond the duration, frozen while paused. With motion allowed it
 * repaints every animation frame (smooth, and browsers stop frames for
 * hidden windows); with `prefers-reduced-motion` it steps once a second.
 */
import { progressAt, type NowPlaying } from '../../main/core/spotify/now-playing.ts';
import { setAttr, setHidden, setText } from './dom.ts';
import { formatTime } from './format.ts';

type Timed = Extract<NowPlaying, { kind: 'track' | 'episode' }>;

/** The elements the ticker paints; the caller owns the markup. */
export interface ProgressParts {
  row: HTMLElement;
  bar: HTMLProgressElement;
  elapsed: HTMLElement;
  total: HTMLElement;
}

/** Injection points, so tests and the app agree on one clock. */
export interface ProgressOptions {
  now?: () => number;
  reducedMotion?: () => boolean;
}

/** Shows a view's progress and keeps it moving until the next `show` or `stop`. */
export interface ProgressTicker {
  show(view: NowPlaying | null): void;
  stop(): void;
}

/** A sample this far in the future, or older than the whole item, came from another clock. */
const CLOCK_SKEW_LIMIT_MS = 5_000;

/** Creates the ticker for one progress row; the row is hidden when there is nothing to show. */
export function createProgress(parts: ProgressParts, options: ProgressOptions = {}): ProgressTicker {
  const now = options.now ?? ((): number => Date.now());
  const reducedMotion =
    options.reducedMotion ?? ((): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  let view: Timed | null = null;
  let sourceSampledAt = Number.NaN;
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shownSecond = -1;

  function cancel(): void {
    if (frame !== 0) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = 0;
    timer = undefined;
  }

  function paint(current: Timed): number {
    const progress = progressAt(current, now()) ?? 0;
    if (parts.bar.max !== current.durationMs) parts.bar.max = current.durationMs;
    if (parts.bar.value !== progress) parts.bar.value = progress;
    // Text and the spoken value change once a second, not every frame.
    const second = Math.floor(progress / 1000);
    if (second !== shownSecond) {
      shownSecond = second;
      setText(parts.elapsed, formatTime(progress));
      setAttr(parts.bar, 'aria-valuetext', `${formatTime(progress)} of ${formatTime(current.durationMs)}`);
    }
    return progress;
  }

  function tick(): void {
    frame = 0;
    timer = undefined;
    if (view === null) return;
    const progress = paint(view);
    // Paused, or at the end: the bar stays put until the core says more.
    if (!view.isPlaying || progress >= view.durationMs) return;
    if (reducedMotion()) timer = setTimeout(tick, 1000 - (progress % 1000));
    else frame = requestAnimationFrame(tick);
  }

  /**
   * The sample's time is the main process's clock. It is the same wall clock
   * as ours in the app, but a preview or test may drive the core with another
   * one; a sample that cannot be from our clock is taken as fresh instead.
   */
  function rebase(next: Timed): Timed {
    if (view !== null && next.sampledAt === sourceSampledAt) return { ...next, sampledAt: view.sampledAt };
    sourceSampledAt = next.sampledAt;
    const age = now() - next.sampledAt;
    const plausible = age >= -CLOCK_SKEW_LIMIT_MS && age <= next.durationMs + CLOCK_SKEW_LIMIT_MS;
    return plausible ? next : { ...next, sampledAt: now() };
  }

  return {
    show(next) {
      cancel();
      const timed = next !== null && (next.kind === 'track' || next.kind === 'episode') ? next : null;
      if (timed === null || timed.progressMs === null || timed.durationMs <= 0) {
        view = null;
        sourceSampledAt = Number.NaN;
        setHidden(parts.row, true);
        return;
      }
      view = rebase(timed);
      setText(parts.total, formatTime(timed.durationMs));
      shownSecond = -1;
      setHidden(parts.row, false);
      tick();
    },
    stop() {
      cancel();
      view = null;
    },
  };
}
