/**
 * Opening the settings file. conf (and electron-store, which extends it) does
 * the reading, schema validation and atomic, owner-only writes; this module
 * adds what conf leaves to its caller: a damaged file is neither a crash nor a
 * silent loss. It is set aside next to the original, a fresh store is opened,
 * whatever could still be read is carried over, and the caller gets a sentence
 * to show the user.
 */
import fs from 'node:fs';
import path from 'node:path';

import Conf from 'conf';

import { silentLogger, type Logger } from '../log.ts';
import type { Settings, SettingsKey, SettingsStoreOptions } from './settings.ts';

/** Typed access to the settings file. */
export interface SettingsStore {
  get<K extends SettingsKey>(key: K): Settings[K];
  /** Validated against the schema; throws (and writes nothing) if the value does not fit. */
  set<K extends SettingsKey>(key: K, value: Exclude<Settings[K], undefined>): void;
  /** Removes the key; a key with a default (preferences) goes back to it. */
  delete(key: SettingsKey): void;
  /** Absolute path of the settings file. */
  readonly path: string;
}

/** The part of a conf / electron-store instance this module uses. */
export interface ConfLike {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** Constructs a Conf-compatible store: conf's `Conf` in Node, electron-store's class in the app. */
export type StoreFactory = (options: SettingsStoreOptions) => ConfLike;

/** The factory for plain Node (preview, CLI, tests): conf itself. */
export const nodeStoreFactory: StoreFactory = (options) => new Conf<Settings>(options);

/** What happened when the file on disk could not be used as it was. */
export interface StoreRecovery {
  /** A sentence for the user: what was lost and what to do about it. */
  reason: string;
  /** Where the damaged file now is, unchanged. */
  backupPath: string;
  /** Settings carried over from the damaged file. */
  kept: string[];
}

export interface OpenedStore {
  store: SettingsStore;
  /** Present only when the file was damaged and has been set aside. */
  recovered?: StoreRecovery;
}

export interface OpenStoreContext {
  logger?: Logger;
  /** For the backup's timestamp; defaults to Date.now. */
  now?: () => number;
}

// conf's reserved bookkeeping key: never carried over by hand, conf refuses writes to it.
const CONF_INTERNAL_KEY = '__internal__';

const LABELS: Partial<Record<string, string>> = {
  clientId: 'Spotify Client ID',
  redirectUri: 'redirect URI',
  tokens: 'Spotify login',
  tokenCipher: 'Spotify login',
  preferences: 'preferences',
};

/**
 * Opens the settings store. A file that is not valid JSON, or that the schema
 * rejects, is moved to `<name>.corrupt-<timestamp>.json` and a fresh store is
 * opened; readable settings from a parseable file are kept. Any other failure
 * (permissions, a full disk) is thrown: setting the file aside would not help.
 */
export function openStore(
  factory: StoreFactory,
  options: SettingsStoreOptions,
  context: OpenStoreContext = {},
): OpenedStore {
  const logger = context.logger ?? silentLogger;
  try {
    return { store: wrap(factory(options)) };
  } catch (error) {
    if (!isDamagedFileError(error)) throw error;
    const filePath = locate(factory, options);
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      throw error;
    }
    const parsed = parseObject(text);
    const backupPath = moveAside(filePath, (context.now ?? Date.now)());
    const conf = factory(options);
    const kept = parsed === undefined ? [] : carryOver(conf, parsed);
    const lost = parsed === undefined ? undefined : lostLabels(parsed, kept);
    // Kinds and key names only: the file's content (the token blob) never reaches a log.
    logger.warn('Settings file was damaged; set it aside and opened a fresh one', {
      kind: parsed === undefined ? 'unparseable' : 'schema-invalid',
      backupPath,
      kept,
    });
    return { store: wrap(conf), recovered: { reason: describe(lost, backupPath), backupPath, kept } };
  }
}

function wrap(conf: ConfLike): SettingsStore {
  return {
    // conf validates the whole file against the schema on every read, so the value has the schema's type.
    get: <K extends SettingsKey>(key: K) => conf.get(key) as Settings[K],
    set: (key, value) => conf.set(key, value),
    delete: (key) => conf.delete(key),
    get path() {
      return conf.path;
    },
  };
}

/**
 * conf's errors for a file it cannot use: its own SyntaxError for bad JSON and
 * a schema-violation error (conf exports neither class, so the message is the
 * only handle it gives).
 */
function isDamagedFileError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'SyntaxError' || error.message.startsWith('Config schema violation');
}

/**
 * Where the factory puts the file. Only the factory knows (electron-store picks
 * Electron's userData dir itself), so it is asked with a store that cannot fail
 * to open: no schema, and a deserializer that ignores the content. Such a store
 * finds nothing to fill in or fix, so it does not write to the file.
 */
function locate(factory: StoreFactory, options: SettingsStoreOptions): string {
  const probe: SettingsStoreOptions = { ...options, deserialize: () => ({ preferences: {} }) };
  delete probe.schema;
  delete probe.defaults;
  return factory(probe).path;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    // conf tolerates a byte-order mark from a text editor, so the salvage does too.
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Renames the file aside without replacing an earlier backup, and keeps it owner-only. */
function moveAside(filePath: string, now: number): string {
  const dir = path.dirname(filePath);
  const base = path.basename(filePath, '.json');
  // Colons are not allowed in Windows file names.
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let backupPath = path.join(dir, `${base}.corrupt-${stamp}.json`);
  for (let n = 1; fs.existsSync(backupPath); n++) {
    backupPath = path.join(dir, `${base}.corrupt-${stamp}-${n}.json`);
  }
  fs.renameSync(filePath, backupPath);
  try {
    // A hand-edited file may have lost its 0600; the backup still holds the encrypted login.
    fs.chmodSync(backupPath, 0o600);
  } catch {
    // Best effort: Windows has no such mode, and the rename already succeeded.
  }
  return backupPath;
}

/**
 * Writes each readable setting into the fresh store, letting conf's schema
 * decide what is readable; an object whose whole value is rejected is tried
 * key by key. Returns the top-level keys that were kept, fully or in part.
 */
function carryOver(conf: ConfLike, parsed: Record<string, unknown>): string[] {
  const kept: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (key === CONF_INTERNAL_KEY) continue;
    const dotted = escapeKey(key);
    if (trySet(conf, dotted, value)) {
      kept.push(key);
      continue;
    }
    if (!isPlainObject(value)) continue;
    let any = false;
    for (const [child, childValue] of Object.entries(value)) {
      any = trySet(conf, `${dotted}.${escapeKey(child)}`, childValue) || any;
    }
    if (any) kept.push(key);
  }
  return kept;
}

function trySet(conf: ConfLike, key: string, value: unknown): boolean {
  try {
    conf.set(key, value);
    return true;
  } catch {
    return false;
  }
}

// conf reads keys as dot paths; a key from the file is one key, whatever it contains.
function escapeKey(key: string): string {
  return key.replace(/[\\.[\]]/g, '\\$&');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lostLabels(parsed: Record<string, unknown>, kept: string[]): string[] {
  const lost = Object.keys(parsed)
    .filter((key) => !kept.includes(key))
    .map((key) => LABELS[key])
    .filter((label) => label !== undefined);
  return [...new Set(lost)];
}

/** `lost` undefined: nothing could be read at all. */
function describe(lost: string[] | undefined, backupPath: string): string {
  const kept = ` The damaged file was kept at ${backupPath}.`;
  if (lost === undefined) {
    return (
      "Traytune's settings file could not be read, so Traytune started with fresh settings: " +
      `enter your Spotify Client ID and log in again.${kept}`
    );
  }
  const todo: string[] = [];
  if (lost.includes('Spotify Client ID')) todo.push('enter your Spotify Client ID again');
  if (lost.includes('redirect URI')) todo.push('check the redirect URI');
  if (lost.includes('Spotify login')) todo.push('log in again');
  const action = todo.length > 0 ? ` Please ${todo.join(' and ')}.` : ' Please check your settings.';
  const what = lost.length > 0 ? ` (${lost.join(', ')})` : '';
  return `Some of Traytune's saved settings${what} were damaged and have been reset; the rest were kept.${action}${kept}`;
}
