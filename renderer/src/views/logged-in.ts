/**
 * Logged in: who, what is playing, and any problem keeping Traytune from
 * knowing. Every part is patched in place: a progress tick or a new sample
 * never rebuilds the buttons the user may be on.
 */
import type { ViewState } from '../../../main/contract/ipc.ts';
import type { ProblemView } from '../../../main/core/app-state.ts';
import type { UserProfile } from '../../../main/core/spotify/profile.ts';
import { button, h, setAttr, setHidden, setLongText, setText } from '../dom.ts';
import type { ProgressOptions } from '../progress.ts';
import { createControls } from './controls.ts';
import { createNowPlayingCard } from './now-playing.ts';
import { problemText } from './problems.ts';
import { screenHeading, type View, type ViewContext } from './view.ts';

/** Builds the logged-in screen. */
export function createLoggedInView(state: ViewState, ctx: ViewContext, progress: ProgressOptions = {}): View {
  const heading = screenHeading('Now playing', 'screen-title eyebrow');
  heading.id = 'logged-in-title';
  const avatar = h('img', { class: 'avatar', width: '32', height: '32', alt: '', hidden: true });
  const initial = h('span', { class: 'avatar avatar-placeholder', 'aria-hidden': 'true' });
  const name = h('p', { id: 'user-name', class: 'user-name' });
  // A polite region that stays in the page, so a problem appearing later is announced.
  const problem = h('div', { id: 'problem', class: 'problem', role: 'status' });
  const card = createNowPlayingCard(ctx.announce, progress);
  const controls = createControls(ctx.api, ctx.fail);
  // Inside the card: the controls belong to the item they act on.
  card.root.append(controls.root);
  let canOpen = false;
  const open = button(
    'Open in Spotify',
    () => {
      if (canOpen) void ctx.api.openExternal('current-item').catch(ctx.fail);
    },
    { class: 'primary' },
  );
  const root = h(
    'section',
    { class: 'screen logged-in', 'aria-labelledby': heading.id },
    h('div', { class: 'user' }, avatar, initial, name),
    problem,
    heading,
    card.root,
    h(
      'div',
      { class: 'actions' },
      open,
      button('Log out', () => void ctx.api.logout().catch(ctx.fail), { class: 'secondary' }),
    ),
  );
  avatar.addEventListener('error', () => {
    setHidden(avatar, true);
    setHidden(initial, false);
  });

  let shownProblem: string | undefined;

  function showUser(user: UserProfile | null): void {
    const displayName = user?.displayName ?? 'Logged in to Spotify';
    setLongText(name, displayName);
    setText(initial, user === null ? '' : (Array.from(displayName)[0] ?? '').toUpperCase());
    const url = user?.avatarUrl ?? null;
    if (url !== null && avatar.getAttribute('src') !== url) {
      avatar.src = url;
      setHidden(avatar, false);
      setHidden(initial, true);
    } else if (url === null) {
      setAttr(avatar, 'src', null);
      setHidden(avatar, true);
      setHidden(initial, false);
    }
  }

  function showProblem(next: ProblemView | null): void {
    const key = next === null ? '' : `${next.kind}:${next.retryInS ?? ''}`;
    if (key === shownProblem) return;
    shownProblem = key;
    if (next === null) {
      problem.replaceChildren();
      return;
    }
    const text = problemText(next);
    const sentence = h('p', {}, text.sentence);
    if (!text.dashboard) {
      problem.replaceChildren(sentence);
      return;
    }
    const dashboard = button(
      'Open the Spotify dashboard',
      () => void ctx.api.openExternal('dashboard').catch(ctx.fail),
      {
        class: 'link',
      },
    );
    problem.replaceChildren(sentence, dashboard);
  }

  function update(next: ViewState): void {
    if (next.app.screen !== 'logged-in') return;
    showUser(next.app.user);
    showProblem(next.app.problem);
    // Every state arrives as a fresh copy; the card compares contents itself and keeps its progress base.
    const item = next.app.nowPlaying;
    card.update(item);
    controls.update(next.app);
    canOpen = item !== null && (item.kind === 'track' || item.kind === 'episode') && item.url !== null;
    setAttr(open, 'aria-disabled', canOpen ? null : 'true');
  }

  update(state);
  return {
    root,
    initialFocus: heading,
    update,
    destroy: () => card.destroy(),
    togglePlayback: () => controls.togglePlayback(),
  };
}
