/**
 * Popover placement as a table: tray bounds × work areas × platforms,
 * including taskbars on every edge, auto-hide, Linux's unknown (zero)
 * bounds, and displays left of, above and right of the primary one.
 */
import { describe, expect, it } from 'vitest';

import { placePopover, taskbarEdge, type PlacementInput, type Rect } from '../../main/electron/placement.ts';

const W = { width: 340, height: 460 };
const FULL_HD: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
const ZERO: Rect = { x: 0, y: 0, width: 0, height: 0 };
const rect = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });

interface Row {
  name: string;
  platform: NodeJS.Platform;
  tray: Rect | null;
  workArea: Rect;
  display?: Rect;
  expected: { x: number; y: number };
}

const rows: Row[] = [
  // macOS: menu bar on top (25 px), popover centred under the icon, just below the bar.
  {
    name: 'mac, icon mid-bar',
    platform: 'darwin',
    tray: rect(1500, 0, 22, 24),
    workArea: rect(0, 25, 1920, 1055),
    expected: { x: 1341, y: 25 },
  },
  {
    name: 'mac, icon at the right end: clamped',
    platform: 'darwin',
    tray: rect(1890, 0, 22, 24),
    workArea: rect(0, 25, 1920, 1055),
    expected: { x: 1580, y: 25 },
  },
  {
    name: 'mac, icon at the left end: clamped',
    platform: 'darwin',
    tray: rect(4, 0, 22, 24),
    workArea: rect(0, 25, 1920, 1055),
    expected: { x: 0, y: 25 },
  },
  {
    name: 'mac, auto-hidden menu bar',
    platform: 'darwin',
    tray: rect(1500, 0, 22, 24),
    workArea: FULL_HD,
    expected: { x: 1341, y: 24 },
  },
  {
    name: 'mac, display left of the primary',
    platform: 'darwin',
    tray: rect(-300, 0, 22, 24),
    display: rect(-1440, 0, 1440, 900),
    workArea: rect(-1440, 25, 1440, 875),
    expected: { x: -459, y: 25 },
  },
  {
    name: 'mac, unknown bounds: top-right',
    platform: 'darwin',
    tray: null,
    workArea: rect(0, 25, 1920, 1055),
    expected: { x: 1580, y: 25 },
  },

  // Windows: taskbar on each edge, popover beside it next to the icon.
  {
    name: 'win, bottom taskbar',
    platform: 'win32',
    tray: rect(1700, 1045, 24, 30),
    workArea: rect(0, 0, 1920, 1040),
    expected: { x: 1542, y: 580 },
  },
  {
    name: 'win, bottom taskbar, icon in the corner',
    platform: 'win32',
    tray: rect(1895, 1045, 24, 30),
    workArea: rect(0, 0, 1920, 1040),
    expected: { x: 1580, y: 580 },
  },
  {
    name: 'win, top taskbar',
    platform: 'win32',
    tray: rect(1700, 5, 24, 30),
    workArea: rect(0, 40, 1920, 1040),
    expected: { x: 1542, y: 40 },
  },
  {
    name: 'win, left taskbar',
    platform: 'win32',
    tray: rect(18, 900, 24, 24),
    workArea: rect(60, 0, 1860, 1080),
    expected: { x: 60, y: 620 },
  },
  {
    name: 'win, left taskbar, icon mid-height',
    platform: 'win32',
    tray: rect(18, 400, 24, 24),
    workArea: rect(60, 0, 1860, 1080),
    expected: { x: 60, y: 182 },
  },
  {
    name: 'win, right taskbar',
    platform: 'win32',
    tray: rect(1878, 400, 24, 24),
    workArea: rect(0, 0, 1860, 1080),
    expected: { x: 1520, y: 182 },
  },
  {
    name: 'win, auto-hide taskbar at the bottom',
    platform: 'win32',
    tray: rect(1700, 1050, 24, 24),
    workArea: FULL_HD,
    expected: { x: 1542, y: 590 },
  },
  {
    name: 'win, unknown bounds, bottom taskbar',
    platform: 'win32',
    tray: ZERO,
    workArea: rect(0, 0, 1920, 1040),
    expected: { x: 1580, y: 580 },
  },
  {
    name: 'win, unknown bounds, top taskbar',
    platform: 'win32',
    tray: null,
    workArea: rect(0, 40, 1920, 1040),
    expected: { x: 1580, y: 40 },
  },
  {
    name: 'win, unknown bounds, auto-hide: bottom-right',
    platform: 'win32',
    tray: null,
    workArea: FULL_HD,
    expected: { x: 1580, y: 620 },
  },
  {
    name: 'win, display above the primary',
    platform: 'win32',
    tray: rect(1700, -35, 24, 30),
    display: rect(0, -1080, 1920, 1080),
    workArea: rect(0, -1080, 1920, 1040),
    expected: { x: 1542, y: -500 },
  },
  {
    name: 'win, scaled display right of the primary',
    platform: 'win32',
    tray: rect(3100, 680, 24, 32),
    display: rect(1920, 0, 1280, 720),
    workArea: rect(1920, 0, 1280, 672),
    expected: { x: 2860, y: 212 },
  },

  // Linux: AppIndicator reports zero bounds; the panels decide the corner.
  {
    name: 'linux, zero bounds, GNOME top bar',
    platform: 'linux',
    tray: ZERO,
    workArea: rect(0, 32, 1920, 1048),
    expected: { x: 1580, y: 32 },
  },
  {
    name: 'linux, zero bounds, top bar and Ubuntu dock on the left',
    platform: 'linux',
    tray: ZERO,
    workArea: rect(64, 32, 1856, 1048),
    expected: { x: 1580, y: 32 },
  },
  {
    name: 'linux, zero bounds, KDE bottom panel',
    platform: 'linux',
    tray: ZERO,
    workArea: rect(0, 0, 1920, 1036),
    expected: { x: 1580, y: 576 },
  },
  {
    name: 'linux, zero bounds, no panel: top-right',
    platform: 'linux',
    tray: null,
    workArea: FULL_HD,
    expected: { x: 1580, y: 0 },
  },
  {
    name: 'linux, known bounds in a top panel',
    platform: 'linux',
    tray: rect(1800, 4, 24, 24),
    workArea: rect(0, 32, 1920, 1048),
    expected: { x: 1580, y: 32 },
  },
  {
    name: 'linux, known bounds in a bottom panel with a top bar too',
    platform: 'linux',
    tray: rect(900, 1050, 24, 24),
    workArea: rect(0, 28, 1920, 1008),
    expected: { x: 742, y: 576 },
  },
  {
    name: 'linux, zero bounds on a second display',
    platform: 'linux',
    tray: ZERO,
    display: rect(1920, 0, 2560, 1440),
    workArea: rect(1920, 32, 2560, 1408),
    expected: { x: 4140, y: 32 },
  },
];

describe('placePopover', () => {
  it.each(rows)('$name', ({ platform, tray, workArea, display, expected }) => {
    const input: PlacementInput = {
      trayBounds: tray,
      workArea,
      displayBounds: display ?? FULL_HD,
      windowSize: W,
      platform,
    };
    expect(placePopover(input)).toEqual(expected);
  });

  it('keeps the popover inside the work area for every row', () => {
    for (const { platform, tray, workArea, display } of rows) {
      const { x, y } = placePopover({
        trayBounds: tray,
        workArea,
        displayBounds: display ?? FULL_HD,
        windowSize: W,
        platform,
      });
      expect(x).toBeGreaterThanOrEqual(workArea.x);
      expect(y).toBeGreaterThanOrEqual(workArea.y);
      expect(x + W.width).toBeLessThanOrEqual(workArea.x + workArea.width);
      expect(y + W.height).toBeLessThanOrEqual(workArea.y + workArea.height);
    }
  });

  it('pins a window larger than the work area to its top-left corner', () => {
    const workArea = rect(100, 50, 300, 400);
    const input: PlacementInput = {
      trayBounds: rect(350, 460, 20, 20),
      workArea,
      displayBounds: rect(100, 0, 300, 500),
      windowSize: W,
      platform: 'win32',
    };
    expect(placePopover(input)).toEqual({ x: 100, y: 50 });
  });

  it('returns whole pixels', () => {
    const { x, y } = placePopover({
      trayBounds: rect(1500.5, 0, 23, 24),
      workArea: rect(0, 25, 1920, 1055),
      displayBounds: FULL_HD,
      windowSize: W,
      platform: 'darwin',
    });
    expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
  });
});

describe('taskbarEdge', () => {
  it.each([
    [rect(0, 0, 1920, 1040), 'bottom'],
    [rect(0, 40, 1920, 1040), 'top'],
    [rect(60, 0, 1860, 1080), 'left'],
    [rect(0, 0, 1860, 1080), 'right'],
    [FULL_HD, null],
    [rect(64, 32, 1856, 1048), 'top'],
    [rect(0, 28, 1920, 1008), 'bottom'],
  ] as const)('work area %o → %s', (workArea, edge) => {
    expect(taskbarEdge(workArea, FULL_HD)).toBe(edge);
  });
});
