/**
 * electron-builder.yml, checked without the Electron download: against
 * electron-builder's own JSON schema, and for the promises the README makes
 * (what goes into the app, the fuses, per-user Windows install, no publish).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('app-builder-lib/scheme.json', { paths: [require.resolve('electron-builder')] });

function loadConfig(): Record<string, unknown> {
  return yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}

function validator() {
  // strict: false — the schema uses electron-builder's own `typeof` keyword for function-valued options.
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
}

describe('electron-builder.yml', () => {
  it('validates against electron-builder’s own schema', () => {
    const validate = validator();
    expect(validate(loadConfig()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('would catch a mistake (the schema check is not vacuous)', () => {
    const validate = validator();
    expect(validate({ ...loadConfig(), appIdd: 'typo' })).toBe(false);
    expect(validate({ ...loadConfig(), nsis: { perMachine: 'no' } })).toBe(false);
  });

  it('packs only the built output, in an asar, with the built entry point', () => {
    const config = loadConfig();
    expect(config['appId']).toMatch(/^[a-z0-9.]+$/);
    expect(config['productName']).toBe('Traytune');
    expect(config['asar']).toBe(true);
    const files = config['files'] as string[];
    expect(files.filter((f) => !f.startsWith('!')).every((f) => f === 'package.json' || f.startsWith('dist/'))).toBe(
      true,
    );
    expect(files).toContain('!**/*.map');
    expect(config['extraMetadata']).toEqual({ main: 'dist/main/main.js' });
  });

  it('sets the Electron fuses strictly', () => {
    expect(loadConfig()['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('targets AppImage and deb, dmg and zip, and a per-user NSIS installer, and never publishes by default', () => {
    const config = loadConfig() as Record<string, Record<string, unknown>>;
    expect(config['linux']?.['target']).toEqual(['AppImage', 'deb']);
    expect(config['mac']?.['target']).toEqual(['dmg', 'zip']);
    expect(config['mac']?.['hardenedRuntime']).toBe(true);
    expect(config['mac']?.['category']).toBe('public.app-category.music');
    expect(config['mac']?.['extendInfo']).toEqual({ LSUIElement: true });
    expect(config['win']?.['target']).toEqual(['nsis']);
    expect(config['nsis']).toMatchObject({ perMachine: false, allowElevation: false });
    expect(config['publish']).toBeNull();
    const depends = (config['deb']?.['depends'] as string[]).join(' ');
    expect(depends).toContain('libsecret-1-0');
    expect(depends).toMatch(/appindicator3-1/);
  });
});
