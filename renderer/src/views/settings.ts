/**
 * The settings view: the Spotify app, preferences that apply at once, and
 * the ways to leave (log out, forget this computer). It is the renderer's
 * own view, opened over whichever screen the core shows, and it patches
 * itself from each new state without overwriting what the user is changing.
 */
import { SHORTCUT_PATTERN, type Preferences, type ViewState } from '../../../main/contract/ipc.ts';
import { button, h, setAttr, setHidden, setText } from '../dom.ts';
import { createAppForm } from './settings-app.ts';
import { screenHeading, type View, type ViewContext } from './view.ts';

type Toggle = Exclude<keyof Preferences, 'shortcut'>;

interface ToggleSpec {
  key: Toggle;
  label: string;
  hint?: string;
  /** Offered only where it does something. */
  applies(state: ViewState): boolean;
}

const TOGGLES: readonly ToggleSpec[] = [
  { key: 'notifications', label: 'Notifications on track change', applies: () => true },
  { key: 'launchAtLogin', label: 'Launch at login', applies: () => true },
  {
    key: 'menuBarTitle',
    label: 'Menu-bar title',
    hint: 'Shows “Title — Artist” next to the icon.',
    applies: (state) => state.platform === 'darwin',
  },
  { key: 'mediaKeys', label: 'Media keys', hint: 'Play/pause, next and previous keys.', applies: () => true },
  {
    key: 'allowPlaintextTokens',
    label: 'Keep my login without a keyring',
    hint: 'Saved on disk unencrypted, so you stay logged in after a restart.',
    // Only Linux without a keyring has anything to choose.
    applies: (state) => state.tokenStorage === 'memory-only' || state.tokenStorage === 'plaintext-opt-in',
  },
];

const SHORTCUT_HINT = 'For example CommandOrControl+Alt+T. Leave empty for none.';
const SHORTCUT_MAX = 64;

/** Builds the settings view; `close` returns to the screen underneath. */
export function createSettingsView(state: ViewState, ctx: ViewContext, close: () => void): View {
  const heading = screenHeading('Settings');
  heading.id = 'settings-title';
  const back = button('Back', close, { id: 'settings-back', class: 'secondary' });
  // Toggles in flight keep what the user chose until the main process answers.
  const busy = new Set<keyof Preferences>();
  const preferencesError = h('p', { id: 'preferences-error', class: 'field-message error', role: 'alert' });

  function setPreferences(patch: Partial<Preferences>, onError: (message: string) => void): void {
    const keys = Object.keys(patch) as (keyof Preferences)[];
    for (const key of keys) busy.add(key);
    const settle = (refused: boolean): void => {
      for (const key of keys) busy.delete(key);
      // Accepted: the choice stays until a newer state says otherwise. Refused: back to the saved value.
      if (refused && latest !== null) update(latest);
    };
    ctx.api.setPreferences(patch).then(
      (result) => {
        if (!result.ok) onError(result.message);
        settle(!result.ok);
      },
      (error: unknown) => {
        ctx.fail(error);
        settle(true);
      },
    );
  }

  const toggles = TOGGLES.map((spec) => {
    const id = `pref-${spec.key}`;
    const input = h('input', {
      id,
      type: 'checkbox',
      ...(spec.hint === undefined ? {} : { 'aria-describedby': `${id}-hint` }),
    });
    input.addEventListener('change', () => {
      setText(preferencesError, '');
      setPreferences({ [spec.key]: input.checked }, (message) => setText(preferencesError, message));
    });
    const row = h(
      'div',
      { class: 'toggle' },
      input,
      h('label', { for: id }, spec.label),
      spec.hint === undefined ? null : h('p', { id: `${id}-hint`, class: 'field-message' }, spec.hint),
    );
    return { spec, input, row };
  });

  const shortcut = h('input', {
    id: 'pref-shortcut',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'mono',
    placeholder: 'CommandOrControl+Alt+T',
    'aria-describedby': 'pref-shortcut-message',
  });
  const shortcutMessage = h('p', { id: 'pref-shortcut-message', class: 'field-message' }, SHORTCUT_HINT);

  function showShortcutError(message: string | null): void {
    setText(shortcutMessage, message ?? SHORTCUT_HINT);
    setAttr(shortcutMessage, 'class', message === null ? 'field-message' : 'field-message error');
    setAttr(shortcut, 'aria-invalid', message === null ? null : 'true');
  }

  // `change` fires on blur and on Enter once the text differs: saved then, never on every keystroke.
  shortcut.addEventListener('change', () => {
    const value = shortcut.value.trim();
    if (value !== '' && (value.length > SHORTCUT_MAX || !SHORTCUT_PATTERN.test(value))) {
      showShortcutError(
        'Use modifiers and one key joined by “+”, such as CommandOrControl+Alt+T (keys: A–Z, 0–9, F1–F24, Space, arrows).',
      );
      return;
    }
    showShortcutError(null);
    setPreferences({ shortcut: value === '' ? null : value }, showShortcutError);
  });
  shortcut.addEventListener('input', () => {
    if (shortcut.getAttribute('aria-invalid') === 'true') showShortcutError(null);
  });

  const logout = button(
    'Log out',
    () => {
      ctx.api.logout().catch(ctx.fail);
      close();
    },
    { class: 'secondary' },
  );
  const forget = button('Forget this computer', () => confirmForget(true), {
    id: 'forget',
    class: 'secondary danger',
  });
  const confirmYes = button(
    'Yes, forget',
    () => {
      ctx.api.forgetThisComputer().catch(ctx.fail);
      close();
    },
    { id: 'forget-confirm', class: 'danger-solid' },
  );
  const confirmNo = button('Cancel', () => confirmForget(false), { class: 'secondary' });
  const confirm = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-labelledby': 'forget-question', hidden: true },
    h('p', { id: 'forget-question' }, 'Forget this computer? Traytune logs out and deletes everything it saved here.'),
    h('div', { class: 'actions' }, confirmYes, confirmNo),
  );

  function confirmForget(asking: boolean): void {
    setHidden(confirm, !asking);
    setHidden(forget, asking);
    // Focus lands on the safe choice; Tab reaches "Yes, forget" first.
    (asking ? confirmNo : forget).focus();
  }

  const root = h(
    'section',
    { class: 'screen settings', 'aria-labelledby': heading.id },
    h('div', { class: 'settings-head' }, heading, back),
    createAppForm(state, ctx, close),
    h(
      'fieldset',
      { class: 'preferences' },
      h('legend', { class: 'section-title' }, 'Preferences'),
      ...toggles.map((toggle) => toggle.row),
      preferencesError,
      h('div', { class: 'field' }, h('label', { for: 'pref-shortcut' }, 'Shortcut to open Traytune'), shortcut),
      shortcutMessage,
    ),
    h('div', { class: 'actions account' }, logout, forget),
    confirm,
  );

  let latest: ViewState | null = null;

  function update(next: ViewState): void {
    latest = next;
    for (const { spec, input, row } of toggles) {
      setHidden(row, !spec.applies(next));
      if (!busy.has(spec.key) && input.checked !== next.preferences[spec.key]) {
        input.checked = next.preferences[spec.key];
      }
    }
    // What the user is typing (or a refused value) stays until they leave it valid.
    const typing = document.activeElement === shortcut || shortcut.getAttribute('aria-invalid') === 'true';
    const saved = next.preferences.shortcut ?? '';
    if (!typing && !busy.has('shortcut') && shortcut.value !== saved) shortcut.value = saved;
    setHidden(logout, next.app.screen !== 'logged-in');
  }

  update(state);
  return { root, initialFocus: heading, update, destroy: () => undefined };
}
