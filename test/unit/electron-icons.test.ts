/**
 * The icons in main/assets are what main/dev/make-icons.ts draws from its one
 * source (compared pixel by pixel, so a different zlib cannot fail it), are
 * valid PNGs of the right sizes, and the macOS template images are black with
 * alpha only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { ASSETS_DIR, encodePng, iconSvg, renderIconPixels } from '../../main/dev/make-icons.ts';

interface DecodedPng {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Decodes the PNGs make-icons writes (8-bit RGBA, filter 0), checking every chunk's CRC. */
function decodePng(bytes: Buffer): DecodedPng {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData));
    const type = typeAndData.subarray(0, 4).toString('ascii');
    const data = typeAndData.subarray(4);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const start = y * (width * 4 + 1);
    expect(rows[start]).toBe(0);
    rgba.set(rows.subarray(start + 1, start + 1 + width * 4), y * width * 4);
  }
  return { width, height, rgba };
}

const rendered = renderIconPixels();
const committed = (name: string): DecodedPng => decodePng(readFileSync(join(ASSETS_DIR, name)));

describe('icons', () => {
  it('ships every file the tray and the installers use', () => {
    expect([...rendered.keys()].sort()).toEqual([
      'icon.png',
      'tray-dark.png',
      'tray-dark@2x.png',
      'tray-light.png',
      'tray-light@2x.png',
      'trayTemplate.png',
      'trayTemplate@2x.png',
    ]);
  });

  it.each([...rendered.entries()])(
    '%s is up to date (else run `node main/dev/make-icons.ts`)',
    (name, { size, rgba }) => {
      const png = committed(name);
      expect([png.width, png.height]).toEqual([size, size]);
      // Exact today; the tolerance (one supersample at a handful of pixels) only absorbs a last-bit
      // difference in Math.sin/cos on another platform. A changed shape moves far more than that.
      let differing = 0;
      let largest = 0;
      png.rgba.forEach((value, i) => {
        const diff = Math.abs(value - (rgba[i] ?? 0));
        largest = Math.max(largest, diff);
        if (diff > 0) differing++;
      });
      expect(largest).toBeLessThanOrEqual(16);
      expect(differing).toBeLessThanOrEqual(Math.ceil(png.rgba.length / 1000));
    },
  );

  it('has 16 px tray icons with 32 px @2x variants and a 512 px app icon', () => {
    expect(committed('trayTemplate.png').width).toBe(16);
    expect(committed('tray-light@2x.png').width).toBe(32);
    expect(committed('icon.png').width).toBe(512);
  });

  it('makes the macOS template image black plus alpha, with a visible glyph', () => {
    for (const name of ['trayTemplate.png', 'trayTemplate@2x.png']) {
      const { rgba } = committed(name);
      let opaque = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        expect([rgba[i], rgba[i + 1], rgba[i + 2]]).toEqual([0, 0, 0]);
        if ((rgba[i + 3] ?? 0) > 200) opaque++;
      }
      expect(opaque).toBeGreaterThan(rgba.length / 4 / 8);
    }
  });

  it('draws a light glyph for dark taskbars and a dark one for light taskbars', () => {
    expect([...committed('tray-light.png').rgba.subarray(0, 3)]).toEqual([255, 255, 255]);
    expect([...committed('tray-dark.png').rgba.subarray(0, 3)]).toEqual([0x1f, 0x1f, 0x1f]);
  });

  it('keeps icon.svg in step with the shapes', () => {
    expect(readFileSync(join(ASSETS_DIR, 'icon.svg'), 'utf8')).toBe(iconSvg());
  });

  it('encodes a PNG any decoder reads back', () => {
    const pixels = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 9, 9, 9, 9]);
    expect(decodePng(encodePng(2, 2, pixels))).toEqual({ width: 2, height: 2, rgba: pixels });
  });
});
