/**
 * The settings view's "Spotify app" form: the same Client ID and redirect
 * URI as setup, saved through `saveSettings`, which runs setup again. The
 * Client ID is checked with the core's own rule before anything is sent;
 * the redirect URI is the main process's to judge, and its answer is shown
 * next to the field it is about.
 */
import type { SaveSettingsResult, ViewState } from '../../../main/contract/ipc.ts';
import { clientIdProblem } from '../../../main/core/config/config.ts';
import { h, setAttr, setText } from '../dom.ts';
import type { ViewContext } from './view.ts';

/** A labelled text field with its message line, linked for screen readers. */
interface Field {
  input: HTMLInputElement;
  block: HTMLElement;
  show(message: string | null): void;
}

function field(id: string, label: string, value: string): Field {
  const messageId = `${id}-message`;
  const input = h('input', {
    id,
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'mono',
    'aria-describedby': messageId,
  });
  input.value = value;
  const message = h('p', { id: messageId, class: 'field-message error' });
  return {
    input,
    block: h('div', { class: 'field' }, h('label', { for: id }, label), input, message),
    show(text) {
      setText(message, text ?? '');
      setAttr(input, 'aria-invalid', text === null ? null : 'true');
    },
  };
}

/** Builds the form; `saved` runs after the main process accepted it (the settings view then closes). */
export function createAppForm(state: ViewState, ctx: ViewContext, saved: () => void): HTMLElement {
  const clientId = field('settings-client-id', 'Client ID', state.setup.clientId ?? '');
  const redirectUri = field('settings-redirect-uri', 'Redirect URI', state.setup.redirectUri);
  const general = h('div', { class: 'problems', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'secondary' }, 'Save and set up again');
  let saving = false;

  function apply(result: SaveSettingsResult): void {
    if (result.ok) {
      saved();
      return;
    }
    let client: string | null = null;
    let redirect: string | null = null;
    const other: string[] = [];
    for (const problem of result.problems) {
      if (problem.field === 'clientId') client = problem.message;
      else if (problem.field === 'redirectUri') redirect = problem.message;
      else other.push(problem.message);
    }
    clientId.show(client);
    redirectUri.show(redirect);
    general.replaceChildren(...other.map((message) => h('p', {}, message)));
    (client !== null ? clientId.input : redirect !== null ? redirectUri.input : null)?.focus();
  }

  const form = h(
    'form',
    { class: 'settings-app', novalidate: true, 'aria-labelledby': 'settings-app-title' },
    h('h2', { id: 'settings-app-title', class: 'section-title' }, 'Spotify app'),
    clientId.block,
    redirectUri.block,
    general,
    save,
  );
  clientId.input.addEventListener('input', () => clientId.show(null));
  redirectUri.input.addEventListener('input', () => redirectUri.show(null));
  // The form never navigates (CSP form-action 'none'): submitting means calling the API.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (saving) return;
    const problem = clientIdProblem(clientId.input.value);
    if (problem !== null) {
      clientId.show(problem);
      clientId.input.focus();
      return;
    }
    saving = true;
    setAttr(save, 'aria-disabled', 'true');
    const uri = redirectUri.input.value.trim();
    ctx.api
      .saveSettings({ clientId: clientId.input.value.trim(), ...(uri === '' ? {} : { redirectUri: uri }) })
      .then(apply, ctx.fail)
      .finally(() => {
        saving = false;
        setAttr(save, 'aria-disabled', null);
      });
  });
  return form;
}
