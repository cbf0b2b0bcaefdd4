/**
 * The settings store inside Electron: electron-store's class, opened through
 * the same `openStore`/`storeOptions` as the Node store, so the file format,
 * its 0600 mode and the damaged-file recovery are the same code in both.
 */
import ElectronStore, { type Options as ElectronStoreOptions } from 'electron-store';

import {
  storeOptions,
  type Settings,
  type SettingsStoreOptions,
  type StoreLocation,
} from '../core/persistence/settings.ts';
import { openStore, type OpenedStore, type OpenStoreContext, type StoreFactory } from '../core/persistence/store.ts';

/**
 * Builds an electron-store from the shared options. electron-store names the
 * file with `name` and overwrites conf's `configName` with it (default
 * 'config'), and picks its directory from `app.getPath('userData')` unless
 * `cwd` is given, so `projectName` is not passed.
 */
export const electronStoreFactory: StoreFactory = ({ configName, ...shared }) => {
  const options: Partial<SettingsStoreOptions> & ElectronStoreOptions<Settings> = { ...shared, name: configName };
  delete options.projectName;
  return new ElectronStore<Settings>(options);
};

/** Opens the app's settings store (in Electron's userData dir unless `cwd` is given). */
export function openAppStore(location: StoreLocation = {}, context: OpenStoreContext = {}): OpenedStore {
  return openStore(electronStoreFactory, storeOptions(location), context);
}
