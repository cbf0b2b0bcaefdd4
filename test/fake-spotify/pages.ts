/**
 * The HTML the fake accounts service shows a browser: the consent page and
 * the error page. Self-contained (inline CSS, no scripts, no external
 * resources) so a browser test works offline and under a strict CSP.
 */
import { escapeHtml } from './http.ts';

/** Human wording for the scopes Traytune may ask for; others are listed by name only. */
const SCOPE_WORDING: Record<string, string> = {
  'user-read-currently-playing': 'Read your currently playing content',
  'user-read-playback-state': 'Read your currently playing content and Spotify Connect devices information',
  'user-modify-playback-state': 'Control Spotify on your devices',
  'user-library-read': 'Access your saved content',
  'user-library-modify': 'Manage your saved content',
};

/** The field the consent forms post back; a server-side id, never the raw authorize parameters. */
export const PENDING_FIELD = 'pending';
export const DECISION_FIELD = 'decision';
export const DECISION_PATH = '/authorize/decision';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; background: #121212; color: #fff; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; }
ul { padding-left: 1.2rem; }
li code { color: #b3b3b3; font-size: .8rem; }
.actions { display: flex; gap: 1rem; margin-top: 2rem; }
button { font: inherit; border: 0; border-radius: 2rem; padding: .7rem 2rem; cursor: pointer; }
.agree { background: #1ed760; color: #000; }
.cancel { background: transparent; color: #fff; outline: 1px solid #727272; }
.error { color: #f15e6c; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function decisionForm(pendingId: string, decision: 'agree' | 'cancel', label: string): string {
  return `<form method="post" action="${DECISION_PATH}">
<input type="hidden" name="${PENDING_FIELD}" value="${escapeHtml(pendingId)}">
<input type="hidden" name="${DECISION_FIELD}" value="${decision}">
<button type="submit" class="${decision}">${label}</button>
</form>`;
}

export function consentPage(appName: string, userName: string, scopes: readonly string[], pendingId: string): string {
  const items = scopes.map((s) => `<li>${escapeHtml(SCOPE_WORDING[s] ?? s)} <code>${escapeHtml(s)}</code></li>`);
  const list = items.length > 0 ? `<ul>\n${items.join('\n')}\n</ul>` : '<p>Read your public profile only.</p>';
  return page(
    `Authorize ${appName} - Fake Spotify`,
    `<main>
<h1>Allow <strong>${escapeHtml(appName)}</strong> to access your Spotify account?</h1>
<p>Logged in as <strong>${escapeHtml(userName)}</strong> (fake Spotify)</p>
<h2>${escapeHtml(appName)} will be able to:</h2>
${list}
<div class="actions">
${decisionForm(pendingId, 'agree', 'Agree')}
${decisionForm(pendingId, 'cancel', 'Cancel')}
</div>
</main>`,
  );
}

/** Spotify shows these on its own page and never redirects back to the app. */
export function errorPage(message: string): string {
  return page(
    'Error - Fake Spotify',
    `<main>\n<h1>Oops! Something went wrong</h1>\n<p class="error">${escapeHtml(message)}</p>\n</main>`,
  );
}
