/**
 * The renderer build: what the Electron adapter and the preview serve. Small,
 * with nothing inline for the CSP to refuse, and no way for Spotify's text to
 * become markup.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CSP_PLACEHOLDER } from '../../main/contract/csp.ts';
import { buildRenderer } from '../../main/dev/build-renderer.ts';

const SOURCES = join(import.meta.dirname, '..', '..', 'renderer', 'src');

let dir: string;
let files: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traytune-build-'));
  ({ files } = await buildRenderer(dir));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('buildRenderer', () => {
  it('writes index.html, app.js and styles.css, well under 40 KB gzipped', async () => {
    expect(files.map((file) => basename(file)).sort()).toEqual(['app.js', 'index.html', 'styles.css']);
    let gzipped = 0;
    for (const file of files) gzipped += gzipSync(await readFile(file), { level: 9 }).length;
    expect(gzipped).toBeLessThan(40 * 1024);
  });

  it('keeps the CSP placeholder and loads only files from its own folder', async () => {
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP_PLACEHOLDER}" />`);
    expect(html).toContain('<script src="app.js" defer></script>');
    expect(html).toContain('<link rel="stylesheet" href="styles.css" />');
    // Every script has a src, nothing carries a style attribute, nothing comes from another host.
    expect(html.match(/<script(?![^>]*\ssrc=)/g)).toBeNull();
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/https?:\/\//);
    const css = await readFile(join(dir, 'styles.css'), 'utf8');
    expect(css).not.toMatch(/@import|url\(\s*['"]?https?:/);
  });

  it('never writes markup or inline style from script', async () => {
    for (const file of await sources(SOURCES)) {
      // Comments may name what the code avoids; only code counts.
      const text = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect({
        file,
        found: text.match(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\.style\b|eval\(/g),
      }).toEqual({
        file,
        found: null,
      });
    }
  });
});
