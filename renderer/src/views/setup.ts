/**
 * Setup: register a Spotify app in three steps, then save its Client ID.
 * The Client ID is checked as it is typed with the core's own rule, and the
 * main process's answer to "Save" is shown next to the field it is about.
 */
import type { SaveSettingsResult, ViewState } from '../../../main/contract/ipc.ts';
import { clientIdProblem } from '../../../main/core/config/config.ts';
import { button, h, setAttr, setHidden, setText } from '../dom.ts';
import { screenHeading, type View, type ViewContext } from './view.ts';

const COPIED_VISIBLE_MS = 4_000;

/** Builds the setup screen. */
export function createSetupView(state: ViewState, ctx: ViewContext): View {
  const heading = screenHeading('Set up Traytune');
  const redirectInput = h('input', {
    id: 'redirect-uri',
    type: 'text',
    readonly: true,
    spellcheck: 'false',
    'aria-describedby': 'redirect-uri-message',
    class: 'mono',
  });
  redirectInput.value = state.setup.redirectUri;
  const redirectMessage = h('p', { id: 'redirect-uri-message', class: 'field-message', hidden: true });
  const copyStatus = h('span', { id: 'copy-status', class: 'copy-status', role: 'status' });
  const clientInput = h('input', {
    id: 'client-id',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'client-id-message',
    class: 'mono',
  });
  clientInput.value = state.setup.clientId ?? '';
  const clientMessage = h('p', { id: 'client-id-message', class: 'field-message' });
  const generalProblems = h('div', { class: 'problems', role: 'alert' });
  let copiedTimer: ReturnType<typeof setTimeout> | undefined;
  let saving = false;

  function showClientMessage(text: string, tone: 'hint' | 'error' | 'ok'): void {
    setText(clientMessage, text);
    setAttr(clientMessage, 'class', `field-message ${tone}`);
    setAttr(clientInput, 'aria-invalid', tone === 'error' ? 'true' : null);
  }

  /** Live check: an empty field is a hint until the user tries to save it. */
  function validate(submitting: boolean): boolean {
    const problem = clientIdProblem(clientInput.value);
    if (problem === null) showClientMessage('Looks right.', 'ok');
    else showClientMessage(problem, clientInput.value.trim() === '' && !submitting ? 'hint' : 'error');
    return problem === null;
  }

  function showRedirectProblem(message: string | null): void {
    setText(redirectMessage, message ?? '');
    setHidden(redirectMessage, message === null);
    setAttr(redirectMessage, 'class', message === null ? 'field-message' : 'field-message error');
    setAttr(redirectInput, 'aria-invalid', message === null ? null : 'true');
  }

  function showGeneral(messages: readonly string[]): void {
    generalProblems.replaceChildren(...messages.map((message) => h('p', {}, message)));
    setHidden(generalProblems, messages.length === 0);
  }

  function applyResult(result: SaveSettingsResult): void {
    if (result.ok) return; // the main process moves on to the next screen
    let redirect: string | null = null;
    const other: string[] = [];
    for (const problem of result.problems) {
      if (problem.field === 'clientId') showClientMessage(problem.message, 'error');
      else if (problem.field === 'redirectUri') redirect = problem.message;
      else other.push(problem.message);
    }
    showRedirectProblem(redirect);
    showGeneral(other);
    const firstInvalid = [clientInput, redirectInput].find((input) => input.getAttribute('aria-invalid') === 'true');
    firstInvalid?.focus();
  }

  function save(): void {
    if (saving) return;
    if (!validate(true)) {
      clientInput.focus();
      return;
    }
    saving = true;
    setAttr(saveButton, 'aria-disabled', 'true');
    ctx.api
      .saveSettings({ clientId: clientInput.value.trim() })
      .then(applyResult, ctx.fail)
      .finally(() => {
        saving = false;
        setAttr(saveButton, 'aria-disabled', null);
      });
  }

  function copied(text: string): void {
    setText(copyStatus, text);
    clearTimeout(copiedTimer);
    copiedTimer = setTimeout(() => setText(copyStatus, ''), COPIED_VISIBLE_MS);
  }

  /** The clipboard may be refused (permissions, no focus): then select the text for the user to copy. */
  function copy(): void {
    const fallback = (): void => {
      redirectInput.focus();
      redirectInput.select();
      const keys = /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘C' : 'Ctrl+C';
      copied(`Selected: press ${keys} to copy.`);
    };
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (clipboard === undefined) {
      fallback();
      return;
    }
    clipboard.writeText(redirectInput.value).then(() => copied('Copied'), fallback);
  }

  clientInput.addEventListener('input', () => validate(false));
  const saveButton = h('button', { type: 'submit', class: 'primary' }, 'Save and continue');
  const form = h(
    'form',
    { class: 'setup-form', novalidate: true },
    h(
      'ol',
      { class: 'steps' },
      h(
        'li',
        {},
        h('p', {}, 'Create an app in the Spotify dashboard (any name).'),
        button('Open the Spotify dashboard', () => void ctx.api.openExternal('dashboard').catch(ctx.fail), {
          class: 'link',
        }),
      ),
      h(
        'li',
        {},
        h('p', {}, 'Add this redirect URI, tick Web API and save.'),
        h('label', { for: 'redirect-uri' }, 'Redirect URI'),
        h('div', { class: 'copy-row' }, redirectInput, button('Copy', copy, { 'aria-describedby': 'copy-status' })),
        copyStatus,
        redirectMessage,
      ),
      h(
        'li',
        {},
        h('p', {}, 'Paste the app’s Client ID.'),
        h('label', { for: 'client-id' }, 'Client ID'),
        clientInput,
        clientMessage,
      ),
    ),
    generalProblems,
    h(
      'div',
      { class: 'actions' },
      saveButton,
      button('Try the demo', () => void ctx.api.startDemo().catch(ctx.fail), { class: 'secondary' }),
    ),
  );
  // The form never navigates (CSP form-action 'none'): submitting means calling the API.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });

  const root = h('section', { class: 'screen setup', 'aria-labelledby': 'setup-title' }, heading, form);
  heading.id = 'setup-title';

  function update(next: ViewState): void {
    if (next.app.screen !== 'setup') return;
    if (redirectInput.value !== next.setup.redirectUri) redirectInput.value = next.setup.redirectUri;
    // Client ID problems are shown live at the field; the rest (environment overrides) go in the list.
    showGeneral(next.app.problems.filter((problem) => problem.field !== 'clientId').map((problem) => problem.message));
  }

  validate(false);
  update(state);
  return {
    root,
    initialFocus: heading,
    update,
    destroy: () => clearTimeout(copiedTimer),
  };
}
