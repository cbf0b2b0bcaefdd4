/** Logging in: the consent page is open in the system browser; the user finishes there or cancels here. */
import type { ViewState } from '../../../main/contract/ipc.ts';
import { button, h } from '../dom.ts';
import { screenHeading, type View, type ViewContext } from './view.ts';

/** Builds the logging-in screen. */
export function createLoggingInView(_state: ViewState, ctx: ViewContext): View {
  const heading = screenHeading('Finish in your browser');
  heading.id = 'logging-in-title';
  const root = h(
    'section',
    { class: 'screen logging-in', 'aria-labelledby': heading.id },
    h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    heading,
    h('p', { class: 'lead' }, 'Spotify’s login page is open in your browser. Agree there, then come back here.'),
    button('Cancel', () => void ctx.api.cancelLogin().catch(ctx.fail), { class: 'secondary' }),
  );
  return { root, initialFocus: heading, update: () => undefined, destroy: () => undefined };
}
