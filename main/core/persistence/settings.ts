/**
 * The shape of Traytune's settings file and the options every store of it is
 * opened with. The Node store (preview/CLI) and the Electron adapter both build
 * their options here, so the file format, its mode and its validation cannot
 * drift apart between the two.
 */
import type { Options, Schema } from 'conf';

import { DEFAULT_PREFERENCES, SHORTCUT_PATTERN, type Preferences } from '../../contract/ipc.ts';

/**
 * User preferences: the contract's type, so the settings view, the adapter
 * and the file cannot disagree. A key added there needs a schema entry in
 * `preferencesSchema` and a default in the contract's DEFAULT_PREFERENCES.
 */
export type { Preferences };

/** What the settings file holds. */
export interface Settings {
  /** The Spotify app's Client ID the user entered. */
  clientId?: string;
  /** The redirect URI registered for that app. */
  redirectUri?: string;
  /** The login, encrypted by a TokenCipher, base64. Never a token in clear. */
  tokens?: string;
  /** `TokenCipher.id` of the cipher that wrote `tokens`. */
  tokenCipher?: string;
  /**
   * Only what the user changed is written; `readPreferences` fills in the
   * defaults, so a later version can change a default for everyone who kept it.
   */
  preferences: Partial<Preferences>;
}

/** A settings key whose value is stored as written (not a nested object). */
export type SettingsKey = keyof Settings;

// Base64 as Buffer#toString('base64') writes it; anything else is not a blob we wrote.
const BASE64 = '^[A-Za-z0-9+/]*={0,2}$';

/**
 * Schema of each preference. No `default` here: ajv would write every default
 * into the file, and then a changed default could never reach anyone. A bad
 * value makes the file schema-invalid, and openStore's carry-over drops just
 * that key. Unknown keys stay allowed (a newer version's preferences).
 */
function preferencesSchema(): Record<keyof Preferences, Record<string, unknown>> {
  return {
    notifications: { type: 'boolean' },
    launchAtLogin: { type: 'boolean' },
    menuBarTitle: { type: 'boolean' },
    mediaKeys: { type: 'boolean' },
    shortcut: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: 64, pattern: SHORTCUT_PATTERN.source }] },
    allowPlaintextTokens: { type: 'boolean' },
  };
}

/**
 * The preferences in effect: what was saved over DEFAULT_PREFERENCES. Only
 * the contract's keys are returned, so a newer version's extra keys in the
 * file never reach the UI.
 */
export function readPreferences(stored: Partial<Preferences> | undefined): Preferences {
  const result: Preferences = { ...DEFAULT_PREFERENCES };
  for (const key of Object.keys(DEFAULT_PREFERENCES) as (keyof Preferences)[]) {
    const value = stored?.[key];
    if (value !== undefined) Object.assign(result, { [key]: value });
  }
  return result;
}

/**
 * JSON schema of the settings (conf's `schema` option: the `properties` of the
 * root object). Deliberately loose about clientId and redirectUri: their
 * *meaning* is checked by core/config, which can tell the user what is wrong,
 * whereas a schema failure here only says "the file is damaged". Keys this
 * version does not know are allowed, so a downgrade does not treat a newer
 * version's file as damaged.
 */
export const settingsSchema: Schema<Settings> = {
  clientId: { type: 'string', maxLength: 1024 },
  redirectUri: { type: 'string', maxLength: 4096 },
  tokens: { type: 'string', pattern: BASE64 },
  tokenCipher: { type: 'string', minLength: 1, maxLength: 128 },
  preferences: { type: 'object', properties: preferencesSchema(), default: {} },
};

/** Defaults a fresh store starts with. */
export const settingsDefaults: Readonly<Pick<Settings, 'preferences'>> = { preferences: {} };

/** The project name conf derives its default directory from (Node store only). */
export const PROJECT_NAME = 'traytune';
/** The default settings file name, without `.json`. */
export const DEFAULT_CONFIG_NAME = 'settings';

/** Where a store lives. Both optional: the defaults are the app's real location. */
export interface StoreLocation {
  /**
   * Directory of the settings file. Without it, conf uses the OS config dir
   * for `traytune`, and electron-store uses Electron's `userData`.
   */
  cwd?: string;
  /** File name without `.json`; defaults to `settings`. */
  configName?: string;
}

/** The options a Conf-compatible store is constructed with. */
export type SettingsStoreOptions = Options<Settings> & {
  projectName: string;
  configName: string;
};

/**
 * Options shared by the Node store and the electron-store adapter: owner-only
 * file mode, schema validation, and `clearInvalidConfig: false` so that conf
 * never wipes a damaged file itself (openStore sets it aside instead).
 */
export function storeOptions(location: StoreLocation = {}): SettingsStoreOptions {
  return {
    projectName: PROJECT_NAME,
    configName: location.configName ?? DEFAULT_CONFIG_NAME,
    // Spread so an absent cwd stays absent: conf treats a present key as a choice.
    ...(location.cwd === undefined ? {} : { cwd: location.cwd }),
    // The file holds the (encrypted) login; nobody else on the machine needs to read it.
    configFileMode: 0o600,
    schema: settingsSchema,
    defaults: { ...settingsDefaults },
    clearInvalidConfig: false,
  };
}
