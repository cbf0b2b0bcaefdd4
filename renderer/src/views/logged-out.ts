/** Logged out: one button, and why the last login ended when it was not the user's choice. */
import type { ViewState } from '../../../main/contract/ipc.ts';
import type { LogoutNotice } from '../../../main/core/app-state.ts';
import { button, h, setHidden, setText } from '../dom.ts';
import { noticeText } from './problems.ts';
import { screenHeading, type View, type ViewContext } from './view.ts';

/** Builds the logged-out screen. */
export function createLoggedOutView(state: ViewState, ctx: ViewContext): View {
  const heading = screenHeading('Log in to Spotify');
  heading.id = 'logged-out-title';
  const noticeSentence = h('p', { id: 'logout-notice-text', class: 'notice-text' });
  const dashboard = button('Open the Spotify dashboard', () => void ctx.api.openExternal('dashboard').catch(ctx.fail), {
    class: 'link',
  });
  // An alert: a login that ended on its own (expired, revoked, cancelled) is news the user must hear.
  const notice = h('div', { id: 'logout-notice', class: 'notice', role: 'alert' }, noticeSentence, dashboard);
  // In the demo, logging out is how one leaves it; a Cancel on the demo's consent page lands here.
  const leaveDemo = button('Leave the demo', () => void ctx.api.logout().catch(ctx.fail), { class: 'secondary' });
  let shown: LogoutNotice | null | undefined;

  const root = h(
    'section',
    { class: 'screen logged-out', 'aria-labelledby': heading.id },
    heading,
    h(
      'p',
      { class: 'lead' },
      'Traytune shows what’s playing on Spotify. Log in once in your browser; it stays logged in.',
    ),
    notice,
    button('Log in with Spotify', () => void ctx.api.login().catch(ctx.fail), { class: 'primary' }),
    leaveDemo,
  );

  function update(next: ViewState): void {
    if (next.app.screen !== 'logged-out') return;
    setHidden(leaveDemo, !next.demo);
    const current = next.app.notice;
    if (shown !== undefined && sameNotice(shown, current)) return;
    shown = current;
    if (current === null) {
      setText(noticeSentence, '');
      setHidden(notice, true);
      return;
    }
    const text = noticeText(current);
    setText(noticeSentence, text.sentence);
    setHidden(dashboard, !text.dashboard);
    setHidden(notice, false);
  }

  update(state);
  return { root, initialFocus: heading, update, destroy: () => undefined };
}

function sameNotice(a: LogoutNotice | null, b: LogoutNotice | null): boolean {
  return a === b || (a !== null && b !== null && a.reason === b.reason && a.message === b.message);
}
