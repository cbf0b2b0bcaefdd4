/**
 * What the user and the system are doing, as far as polling Spotify cares.
 * The core cannot see power or window events (it never imports electron),
 * so the adapter feeds them in with `TraytuneCore.setActivity`:
 *
 * | Electron signal                                          | Activity patch              |
 * | -------------------------------------------------------- | --------------------------- |
 * | popover window `show` / `hide`                           | `{ popoverVisible }`        |
 * | tooltip or notifications setting on / off                | `{ needsFreshness }`        |
 * | `powerMonitor.getSystemIdleState(threshold)` checks      | `{ idle }`                  |
 * | `powerMonitor` `lock-screen` / `unlock-screen`           | `{ locked }`                |
 * | `powerMonitor` `suspend` / `resume`                      | `{ suspended }`             |
 *
 * A patch changes only the fields it names; the watcher then reschedules.
 */

/** The signals the poll scheduler listens to. */
export interface Activity {
  /** The popover is on screen: its progress bar and controls must be fresh. */
  popoverVisible: boolean;
  /**
   * Something outside the popover still shows the current track (the tray
   * tooltip or title, track-change notifications), so a change should appear
   * promptly even while the popover is hidden.
   */
  needsFreshness: boolean;
  /** No keyboard or mouse input for a while: nobody is looking. */
  idle: boolean;
  /** The screen is locked: nobody can look. */
  locked: boolean;
  /** The system is going to sleep: no request may go out until it resumes. */
  suspended: boolean;
}

/**
 * Before the adapter says anything: awake, and assume the tray shows the
 * track (the terminal app prints every change), so freshness matters.
 */
export const DEFAULT_ACTIVITY: Readonly<Activity> = Object.freeze({
  popoverVisible: false,
  needsFreshness: true,
  idle: false,
  locked: false,
  suspended: false,
});

/** A moment at which what is on screen is probably stale, so a poll should go out at once. */
export type WakeReason = 'resume' | 'unlock' | 'popover-open';

/** `current` with the fields of `patch` applied; an `undefined` field keeps its value. */
export function mergeActivity(current: Readonly<Activity>, patch: Readonly<Partial<Activity>>): Activity {
  return {
    popoverVisible: patch.popoverVisible ?? current.popoverVisible,
    needsFreshness: patch.needsFreshness ?? current.needsFreshness,
    idle: patch.idle ?? current.idle,
    locked: patch.locked ?? current.locked,
    suspended: patch.suspended ?? current.suspended,
  };
}

/**
 * Why the change from `before` to `after` calls for an immediate poll, or
 * null. Waking from sleep wins over unlocking (they usually come together),
 * which wins over opening the popover; all three mean "someone is about to
 * look at a view that aged while nobody polled".
 */
export function wakeReason(before: Readonly<Activity>, after: Readonly<Activity>): WakeReason | null {
  if (before.suspended && !after.suspended) return 'resume';
  if (before.locked && !after.locked) return 'unlock';
  if (!before.popoverVisible && after.popoverVisible) return 'popover-open';
  return null;
}
