/**
 * Feeds the adaptive poller what only Electron can see (see the table in
 * main/core/activity.ts): sleep and wake, screen lock, and idleness. The
 * popover's own visibility is fed by app.ts from the window's show/hide.
 */
import type { Activity } from '../core/activity.ts';

/** The parts of Electron's powerMonitor used here. */
export interface PowerMonitorLike {
  /* eslint-disable @typescript-eslint/unified-signatures -- one overload per event, as Electron declares them: a union parameter would not accept Electron's objects. */
  on(event: 'suspend', listener: () => void): unknown;
  on(event: 'resume', listener: () => void): unknown;
  on(event: 'lock-screen', listener: () => void): unknown;
  on(event: 'unlock-screen', listener: () => void): unknown;
  /* eslint-enable @typescript-eslint/unified-signatures */
  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown';
}

/** No input for five minutes counts as idle; checked once a minute (cheap: one OS call). */
export const IDLE_THRESHOLD_S = 300;
export const IDLE_CHECK_MS = 60_000;

/**
 * Subscribes to power events and starts the idle check. Returns the function
 * that stops the check (Electron offers no way to remove powerMonitor
 * listeners by owner, and they die with the app anyway).
 */
export function setupPowerActivity(options: {
  powerMonitor: PowerMonitorLike;
  setActivity(patch: Partial<Activity>): void;
  idleCheckMs?: number;
}): () => void {
  const { powerMonitor, setActivity } = options;
  powerMonitor.on('suspend', () => setActivity({ suspended: true }));
  powerMonitor.on('resume', () => setActivity({ suspended: false }));
  // Emitted on macOS and Windows only; on Linux the idle check's 'locked' answer stands in.
  powerMonitor.on('lock-screen', () => setActivity({ locked: true }));
  powerMonitor.on('unlock-screen', () => setActivity({ locked: false }));
  let idle = false;
  const check = (): void => {
    const state = powerMonitor.getSystemIdleState(IDLE_THRESHOLD_S);
    // 'unknown' (some Linux sessions cannot say) counts as active: better a poll too many than a stale tray.
    const now = state === 'idle' || state === 'locked';
    if (now === idle) return;
    idle = now;
    setActivity({ idle });
  };
  const timer = setInterval(check, options.idleCheckMs ?? IDLE_CHECK_MS);
  // Never what keeps the process alive (matters to tests and to the Node preview).
  timer.unref();
  return () => clearInterval(timer);
}
