/**
 * Where the popover goes: a pure function of the tray icon's bounds, the
 * display's work area and bounds, and the platform, so every case can be a
 * row in a table test (max-mapper/menubar keeps this in its own utility too).
 * All coordinates are Electron's screen coordinates (DIP, absolute across
 * monitors), so a display left of or above the primary one has negative x/y.
 */

/** A rectangle in screen coordinates (Electron's `Rectangle`). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A point in screen coordinates. */
export interface Point {
  x: number;
  y: number;
}

/** The screen edge a taskbar, panel or menu bar sits on. */
export type Edge = 'top' | 'bottom' | 'left' | 'right';

/** Everything placement depends on. */
export interface PlacementInput {
  /** `tray.getBounds()`; null, or all zeros (common on Linux), when unknown. */
  trayBounds: Rect | null;
  /** The display's work area: its bounds minus the menu bar, taskbar or panels. */
  workArea: Rect;
  /** The display's full bounds. */
  displayBounds: Rect;
  windowSize: { width: number; height: number };
  platform: NodeJS.Platform;
}

/**
 * The popover's top-left corner, always inside the work area when the window
 * fits in it. Next to the icon, on the side of the bar it sits in: centred
 * below the menu bar (macOS) or a top panel, above a bottom taskbar, beside a
 * left or right one. Unknown bounds: a corner, on the taskbar's side when the
 * work area reveals it, else top-right (macOS, Linux) or bottom-right (Windows).
 */
export function placePopover(input: PlacementInput): Point {
  const { workArea, windowSize } = input;
  const tray = knownBounds(input.trayBounds);
  if (tray === null) {
    const edge = input.platform === 'darwin' ? 'top' : taskbarEdge(workArea, input.displayBounds);
    return corner(input, edge);
  }
  const centre = { x: tray.x + tray.width / 2, y: tray.y + tray.height / 2 };
  let x: number;
  let y: number;
  switch (trayEdge(centre, workArea, input.displayBounds)) {
    case 'top':
      x = centre.x - windowSize.width / 2;
      y = Math.max(workArea.y, tray.y + tray.height);
      break;
    case 'bottom':
      x = centre.x - windowSize.width / 2;
      y = Math.min(workArea.y + workArea.height, tray.y) - windowSize.height;
      break;
    case 'left':
      x = Math.max(workArea.x, tray.x + tray.width);
      y = centre.y - windowSize.height / 2;
      break;
    case 'right':
      x = Math.min(workArea.x + workArea.width, tray.x) - windowSize.width;
      y = centre.y - windowSize.height / 2;
      break;
  }
  return clampToWorkArea({ x, y }, input);
}

/**
 * The edge the icon sits on: the strip of the display outside the work area
 * that holds it (menu bar, taskbar, panel); for an auto-hiding taskbar, whose
 * strip is not subtracted, the display edge nearest to the icon.
 */
function trayEdge(centre: Point, workArea: Rect, display: Rect): Edge {
  if (centre.y < workArea.y) return 'top';
  if (centre.y >= workArea.y + workArea.height) return 'bottom';
  if (centre.x < workArea.x) return 'left';
  if (centre.x >= workArea.x + workArea.width) return 'right';
  return nearestEdge(centre, display);
}

/**
 * The edge whose strip of the display is missing from the work area (the
 * taskbar's), or null when the work area is the whole display (auto-hide,
 * or no panel). A top or bottom strip wins over a side one, the wider of
 * the two first: on Linux the side strip is usually a dock (Ubuntu's) while
 * tray icons sit in a top bar or bottom panel.
 */
export function taskbarEdge(workArea: Rect, displayBounds: Rect): Edge | null {
  const widest = (insets: [Edge, number][]): Edge | null => {
    const [edge, size] = insets.reduce((a, b) => (b[1] > a[1] ? b : a));
    return size > 0 ? edge : null;
  };
  return (
    widest([
      ['top', workArea.y - displayBounds.y],
      ['bottom', displayBounds.y + displayBounds.height - (workArea.y + workArea.height)],
    ]) ??
    widest([
      ['left', workArea.x - displayBounds.x],
      ['right', displayBounds.x + displayBounds.width - (workArea.x + workArea.width)],
    ])
  );
}

function knownBounds(bounds: Rect | null): Rect | null {
  if (bounds === null) return null;
  // Linux (AppIndicator/StatusNotifier) reports all zeros: the icon's position is not known.
  if (bounds.width <= 0 && bounds.height <= 0) return null;
  return bounds;
}

function nearestEdge(point: Point, display: Rect): Edge {
  const distances: [Edge, number][] = [
    ['top', point.y - display.y],
    ['bottom', display.y + display.height - point.y],
    ['left', point.x - display.x],
    ['right', display.x + display.width - point.x],
  ];
  distances.sort((a, b) => a[1] - b[1]);
  return distances[0]?.[0] ?? 'top';
}

function corner(input: PlacementInput, edge: Edge | null): Point {
  const { workArea, windowSize } = input;
  const right = workArea.x + workArea.width - windowSize.width;
  const bottom = workArea.y + workArea.height - windowSize.height;
  switch (edge ?? (input.platform === 'win32' ? 'bottom' : 'top')) {
    case 'top':
      return clampToWorkArea({ x: right, y: workArea.y }, input);
    case 'bottom':
      return clampToWorkArea({ x: right, y: bottom }, input);
    case 'left':
      return clampToWorkArea({ x: workArea.x, y: bottom }, input);
    case 'right':
      return clampToWorkArea({ x: right, y: bottom }, input);
  }
}

/** Keeps the window inside the work area; a window larger than it is pinned to its top-left. */
function clampToWorkArea(point: Point, input: PlacementInput): Point {
  const { workArea, windowSize } = input;
  const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(value, high));
  return {
    x: Math.round(clamp(point.x, workArea.x, workArea.x + workArea.width - windowSize.width)),
    y: Math.round(clamp(point.y, workArea.y, workArea.y + workArea.height - windowSize.height)),
  };
}
