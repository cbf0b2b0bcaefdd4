/**
 * Scripted listening sessions, played on the fake Spotify in virtual time.
 * A session is a list of phases (listening with the tray tooltip on, a long
 * pause, device switches, stretches where nothing shows the track, idle,
 * locked, asleep, the popover open). Within them a listener behaves the way
 * Spotify's own data says people do (Lamere, "The Skip", 2014: 24.1 % of
 * plays skipped within 5 s, 35.1 % within 30 s, 48.6 % before the end), plus
 * occasional seeks and short pauses. Every choice comes from a seeded PRNG
 * and from the script, never from the poller under test, so every poller
 * sees exactly the same session.
 */
import type { Activity } from '../../main/core/activity.ts';
import { DEFAULT_ACTIVITY } from '../../main/core/activity.ts';
import type { Clock } from '../../main/core/clock.ts';
import type { DeviceObject, FakeSpotify, TrackObject } from '../fake-spotify/index.ts';

/** What the listener does with the player during a phase, on top of ordinary listening. */
export type PhasePlan = 'listen' | 'long-pause' | 'device-switches';

export interface Phase {
  name: string;
  minutes: number;
  /** Activity for the whole phase, applied over DEFAULT_ACTIVITY. */
  activity: Partial<Activity>;
  plan?: PhasePlan;
  /** The popover is opened this many times for 90 s each, evenly spread. */
  popoverOpens?: number;
}

/** A listening session of 3 h 30 min; each phase is long enough for its figures to mean something. */
export const SESSION: readonly Phase[] = [
  { name: 'listening, tooltip on', minutes: 60, activity: {}, popoverOpens: 8 },
  { name: 'long pause', minutes: 15, activity: {}, plan: 'long-pause', popoverOpens: 2 },
  { name: 'device switches', minutes: 20, activity: {}, plan: 'device-switches', popoverOpens: 2 },
  { name: 'popover open', minutes: 25, activity: { popoverVisible: true } },
  { name: 'nothing shows the track', minutes: 30, activity: { needsFreshness: false } },
  { name: 'idle', minutes: 20, activity: { idle: true } },
  { name: 'locked', minutes: 10, activity: { idle: true, locked: true } },
  { name: 'asleep', minutes: 10, activity: { suspended: true } },
  { name: 'listening again', minutes: 20, activity: {}, popoverOpens: 3 },
];

/** 24 hours for the heap run: a night asleep, then sessions back to back (the last one cut short). */
export function daySession(): Phase[] {
  const day: Phase[] = [{ name: 'night', minutes: 7 * 60, activity: { suspended: true } }];
  const sessionMinutes = SESSION.reduce((sum, phase) => sum + phase.minutes, 0);
  for (let minutes = 7 * 60; minutes < 24 * 60; minutes += sessionMinutes) day.push(...SESSION);
  return day;
}

export type ChangeKind = 'natural' | 'manual';

/** Who is told what the session did. */
export interface SessionHooks {
  /** Power and visibility changed: what the Electron adapter would forward. */
  setActivity(patch: Partial<Activity>): void;
  /** The player changed (natural end or the listener's doing). */
  onPlayerChange(kind: ChangeKind): void;
}

const SECOND = 1_000;
const POPOVER_OPEN_MS = 90 * SECOND;

/** Plays a session on `fake`; all timers on `clock`. */
export class ListeningSession {
  readonly #fake: FakeSpotify;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #hooks: SessionHooks;
  readonly #devices: DeviceObject[];
  #device: DeviceObject;
  /** Bumped whenever a new item starts, so the old item's scripted actions fall away. */
  #itemGeneration = 0;
  /** A phase holds the player (long pause, device gap): ordinary listening actions stand down. */
  #held = false;
  #endTimer: ReturnType<Clock['setTimeout']> | null = null;

  constructor(fake: FakeSpotify, clock: Clock, random: () => number, hooks: SessionHooks) {
    this.#fake = fake;
    this.#clock = clock;
    this.#random = random;
    this.#hooks = hooks;
    this.#devices = [
      fake.fixtures.device({ id: 'laptop', name: 'Laptop', type: 'Computer' }),
      fake.fixtures.device({ id: 'phone', name: 'Phone', type: 'Smartphone' }),
    ];
    this.#device = this.#devices[0] as DeviceObject;
  }

  /** Starts playing and schedules every phase; returns the virtual time the session ends. */
  start(phases: readonly Phase[]): number {
    this.#play(this.#newTrack(), 'manual');
    let at = this.#clock.now();
    for (const phase of phases) {
      this.#schedulePhase(phase, at);
      at += phase.minutes * 60 * SECOND;
    }
    return at;
  }

  #after(delayMs: number, action: () => void): void {
    this.#clock.setTimeout(action, Math.max(0, delayMs));
  }

  #schedulePhase(phase: Phase, at: number): void {
    const lengthMs = phase.minutes * 60 * SECOND;
    const offset = at - this.#clock.now();
    this.#after(offset, () => this.#hooks.setActivity({ ...DEFAULT_ACTIVITY, ...phase.activity }));
    const opens = phase.popoverOpens ?? 0;
    for (let i = 0; i < opens; i += 1) {
      const openAt = offset + ((i + 0.5) * lengthMs) / opens - POPOVER_OPEN_MS / 2;
      this.#after(openAt, () => this.#hooks.setActivity({ popoverVisible: true }));
      this.#after(openAt + POPOVER_OPEN_MS, () => this.#hooks.setActivity({ popoverVisible: false }));
    }
    if (phase.plan === 'long-pause') {
      this.#after(offset + 30 * SECOND, () => this.#hold(() => this.#fake.pause()));
      this.#after(offset + lengthMs - 30 * SECOND, () => this.#release(() => this.#fake.play()));
    } else if (phase.plan === 'device-switches') {
      for (const share of [0.25, 0.5, 0.75]) this.#after(offset + lengthMs * share, () => this.#switchDevice());
    }
  }

  /** A long pause or a device gap begins: the listener's ordinary actions wait. */
  #hold(change: () => void): void {
    this.#held = true;
    change();
    this.#changed('manual');
  }

  #release(change: () => void): void {
    this.#held = false;
    change();
    this.#changed('manual');
  }

  /** Playback leaves this computer (no active device for 8–20 s) and resumes on the other device. */
  #switchDevice(): void {
    const view = this.#fake.playback();
    if (this.#held || view === null || view.item === null) return;
    const { item } = view;
    const progressMs = view.progressMs ?? 0;
    this.#hold(() => this.#fake.setPlayback({ item, progressMs, isPlaying: true, device: null }));
    this.#device = this.#devices.find((device) => device !== this.#device) ?? this.#device;
    this.#after(8 * SECOND + this.#random() * 12 * SECOND, () =>
      this.#release(() => this.#fake.setPlayback({ item, progressMs, isPlaying: true, device: this.#device })),
    );
  }

  #newTrack(): TrackObject {
    return this.#fake.fixtures.track({ durationMs: Math.round(150 * SECOND + this.#random() * 180 * SECOND) });
  }

  /** A new item starts at 0 (natural end, or a skip). setPlayback rather than next: the fake keeps no history then. */
  #play(item: TrackObject, kind: ChangeKind): void {
    this.#fake.setPlayback({ item, progressMs: 0, isPlaying: true, device: this.#device });
    this.#itemGeneration += 1;
    this.#changed(kind);
    this.#scriptListener(item.duration_ms);
  }

  /** What the listener will do to this item, drawn when it starts. */
  #scriptListener(durationMs: number): void {
    const generation = this.#itemGeneration;
    const when = (fromMs: number, toMs: number): number => fromMs + this.#random() * (toMs - fromMs);
    const act = (atMs: number, action: () => void): void =>
      this.#after(atMs, () => {
        const view = this.#fake.playback();
        if (generation === this.#itemGeneration && !this.#held && view?.isPlaying === true) action();
      });
    const skip = this.#random();
    if (skip < 0.2414) act(when(SECOND, 5 * SECOND), () => this.#play(this.#newTrack(), 'manual'));
    else if (skip < 0.3505) act(when(5 * SECOND, 30 * SECOND), () => this.#play(this.#newTrack(), 'manual'));
    else if (skip < 0.486)
      act(when(30 * SECOND, durationMs - 5 * SECOND), () => this.#play(this.#newTrack(), 'manual'));
    const other = this.#random();
    if (other < 0.06) {
      const target = Math.round(when(5 * SECOND, durationMs - 20 * SECOND));
      act(when(10 * SECOND, durationMs - 30 * SECOND), () => {
        const progress = this.#fake.playback()?.progressMs ?? 0;
        if (Math.abs(progress - target) < 10 * SECOND) return;
        this.#fake.seek(target);
        this.#changed('manual');
      });
    } else if (other < 0.12) {
      const resumeAfter = when(5 * SECOND, 90 * SECOND);
      act(when(10 * SECOND, durationMs - 10 * SECOND), () => {
        this.#fake.pause();
        this.#changed('manual');
        this.#after(resumeAfter, () => {
          if (generation !== this.#itemGeneration || this.#held) return;
          this.#fake.play();
          this.#changed('manual');
        });
      });
    }
  }

  /** Tells the hooks, and re-arms the natural end for whatever now plays. */
  #changed(kind: ChangeKind): void {
    if (this.#endTimer !== null) this.#clock.clearTimeout(this.#endTimer);
    this.#endTimer = null;
    const view = this.#fake.playback();
    if (view !== null && view.isPlaying && view.device !== null && view.item !== null) {
      const remaining = view.item.duration_ms - (view.progressMs ?? 0);
      const generation = this.#itemGeneration;
      this.#endTimer = this.#clock.setTimeout(() => {
        this.#endTimer = null;
        if (generation === this.#itemGeneration) this.#play(this.#newTrack(), 'natural');
      }, remaining);
    }
    this.#hooks.onPlayerChange(kind);
  }
}
