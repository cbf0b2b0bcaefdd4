/**
 * Draws every icon Traytune ships from ONE source, the shapes below, with no
 * external tools: the shapes are rasterised here (4×4 supersampling) and the
 * PNGs encoded with node:zlib. Writes into main/assets/:
 *
 *   trayTemplate.png, @2x   macOS: black + alpha; "Template" in the name makes macOS recolour it for the menu bar
 *   tray-dark.png, @2x      Windows/Linux, dark glyph for light taskbars
 *   tray-light.png, @2x     Windows/Linux, light glyph for dark taskbars
 *   icon.png                512 px app icon (installers, window icon)
 *   icon.svg                the app icon as SVG, from the same shapes, for people and docs
 *
 * Run `node main/dev/make-icons.ts` after changing a shape and commit the results.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

/** A primitive of the icon drawing, in the 16-unit space. */
export type Shape =
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number; rotateDeg: number }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; radius: number }
  | { kind: 'polygon'; points: readonly (readonly [number, number])[] };

/**
 * The glyph, two beamed quavers (♫), on a 16×16 grid so that its edges fall
 * on pixel boundaries at 16 and 32 px, where tray icons are drawn.
 */
export const GLYPH: readonly Shape[] = [
  { kind: 'ellipse', cx: 4.6, cy: 12.4, rx: 2.7, ry: 2.1, rotateDeg: -22 },
  { kind: 'ellipse', cx: 11.6, cy: 11.0, rx: 2.7, ry: 2.1, rotateDeg: -22 },
  { kind: 'rect', x: 6, y: 4, width: 1.5, height: 8.4, radius: 0 },
  { kind: 'rect', x: 13, y: 2.6, width: 1.5, height: 8.4, radius: 0 },
  {
    kind: 'polygon',
    points: [
      [6, 3.5],
      [14.5, 1.5],
      [14.5, 4.5],
      [6, 6.5],
    ],
  },
];

/** The app icon: the glyph in white on a rounded square with a diagonal gradient. */
export const APP_ICON = {
  background: { kind: 'rect', x: 0, y: 0, width: 16, height: 16, radius: 3.6 } satisfies Shape,
  gradient: { from: [0x14, 0xb8, 0xa6], to: [0x4f, 0x46, 0xe5] } as const,
  /** The glyph's placement inside the 16-unit square: scaled around the centre. */
  glyphScale: 0.62,
};

type Rgb = readonly [number, number, number];

const SAMPLES = 4;

function inside(shape: Shape, x: number, y: number): boolean {
  switch (shape.kind) {
    case 'ellipse': {
      const angle = (-shape.rotateDeg * Math.PI) / 180;
      const dx = x - shape.cx;
      const dy = y - shape.cy;
      const u = dx * Math.cos(angle) - dy * Math.sin(angle);
      const v = dx * Math.sin(angle) + dy * Math.cos(angle);
      return (u * u) / (shape.rx * shape.rx) + (v * v) / (shape.ry * shape.ry) <= 1;
    }
    case 'rect': {
      const { x: left, y: top, width, height, radius } = shape;
      if (x < left || y < top || x > left + width || y > top + height) return false;
      const cx = Math.min(Math.max(x, left + radius), left + width - radius);
      const cy = Math.min(Math.max(y, top + radius), top + height - radius);
      return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
    }
    case 'polygon': {
      // Even-odd ray casting.
      let hit = false;
      const points = shape.points;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const [xi, yi] = points[i] ?? [0, 0];
        const [xj, yj] = points[j] ?? [0, 0];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
      }
      return hit;
    }
  }
}

/**
 * Coverage (0–1) of `shapes` per pixel of a `size`² image, the shapes being
 * given on a 16-unit grid; `transform` maps a point of the image (in units)
 * into the shapes' space.
 */
export function rasterise(
  shapes: readonly Shape[],
  size: number,
  transform: (x: number, y: number) => [number, number] = (x, y) => [x, y],
): Float64Array {
  const coverage = new Float64Array(size * size);
  const unit = 16 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [x, y] = transform((px + (sx + 0.5) / SAMPLES) * unit, (py + (sy + 0.5) / SAMPLES) * unit);
          if (shapes.some((shape) => inside(shape, x, y))) hits++;
        }
      }
      coverage[py * size + px] = hits / (SAMPLES * SAMPLES);
    }
  }
  return coverage;
}

/** A one-colour glyph: `colour` everywhere, the coverage as alpha. */
function glyphPixels(size: number, colour: Rgb): Uint8Array {
  const coverage = rasterise(GLYPH, size);
  const rgba = new Uint8Array(size * size * 4);
  coverage.forEach((alpha, i) => rgba.set([...colour, Math.round(alpha * 255)], i * 4));
  return rgba;
}

function appIconPixels(size: number): Uint8Array {
  const background = rasterise([APP_ICON.background], size);
  const scale = APP_ICON.glyphScale;
  const glyph = rasterise(GLYPH, size, (x, y) => [(x - 8) / scale + 8, (y - 8) / scale + 8]);
  const { from, to } = APP_ICON.gradient;
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const t = ((i % size) + Math.floor(i / size)) / (2 * (size - 1));
    const bg = from.map((c, k) => c + ((to[k] ?? c) - c) * t);
    const g = glyph[i] ?? 0;
    // White glyph over the gradient, all clipped to the rounded square.
    const colour = bg.map((c) => Math.round(c * (1 - g) + 255 * g));
    rgba.set([...colour, Math.round((background[i] ?? 0) * 255)], i * 4);
  }
  return rgba;
}

/** Encodes 8-bit RGBA pixels as a PNG (filter 0 on every row; zlib does the work). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0;
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter choice, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Every PNG by file name, with its size and raw RGBA pixels (tests compare pixels, not zlib's bytes). */
export function renderIconPixels(): Map<string, { size: number; rgba: Uint8Array }> {
  const icons = new Map<string, { size: number; rgba: Uint8Array }>();
  const variants: [string, Rgb][] = [
    ['trayTemplate', [0, 0, 0]],
    ['tray-dark', [0x1f, 0x1f, 0x1f]],
    ['tray-light', [0xff, 0xff, 0xff]],
  ];
  for (const [name, colour] of variants) {
    icons.set(`${name}.png`, { size: 16, rgba: glyphPixels(16, colour) });
    icons.set(`${name}@2x.png`, { size: 32, rgba: glyphPixels(32, colour) });
  }
  icons.set('icon.png', { size: 512, rgba: appIconPixels(512) });
  return icons;
}

function svgShape(shape: Shape, fill: string): string {
  switch (shape.kind) {
    case 'ellipse':
      return `<ellipse cx="${shape.cx}" cy="${shape.cy}" rx="${shape.rx}" ry="${shape.ry}" transform="rotate(${shape.rotateDeg} ${shape.cx} ${shape.cy})" fill="${fill}"/>`;
    case 'rect':
      return `<rect x="${shape.x}" y="${shape.y}" width="${shape.width}" height="${shape.height}" rx="${shape.radius}" fill="${fill}"/>`;
    case 'polygon':
      return `<polygon points="${shape.points.map(([x, y]) => `${x},${y}`).join(' ')}" fill="${fill}"/>`;
  }
}

/** The app icon as SVG, drawn from the same shapes. */
export function iconSvg(): string {
  const hex = (rgb: Rgb): string => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  const { from, to } = APP_ICON.gradient;
  const offset = 8 * (1 - APP_ICON.glyphScale);
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="512" height="512">',
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hex(from)}"/><stop offset="1" stop-color="${hex(to)}"/></linearGradient></defs>`,
    svgShape(APP_ICON.background, 'url(#bg)'),
    `<g transform="translate(${offset.toFixed(2)} ${offset.toFixed(2)}) scale(${APP_ICON.glyphScale})">`,
    ...GLYPH.map((shape) => svgShape(shape, '#ffffff')),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

/** Where the generated icons are committed. */
export const ASSETS_DIR = resolve(import.meta.dirname, '..', 'assets');

/** Writes every icon into `dir`; returns the paths written. */
export async function writeIcons(dir: string = ASSETS_DIR): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, { size, rgba }] of renderIconPixels()) {
    const file = join(dir, name);
    await writeFile(file, encodePng(size, size, rgba));
    written.push(file);
  }
  const svg = join(dir, 'icon.svg');
  await writeFile(svg, iconSvg());
  return [...written, svg];
}

if (import.meta.main) {
  const files = await writeIcons(process.argv[2] ?? ASSETS_DIR);
  console.log(`icons written: ${files.join(', ')}`);
}
