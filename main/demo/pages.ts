/**
 * The pages the demo's accounts service shows in the browser. Every page
 * says at the top that it is the Traytune demo and that no Spotify account
 * is involved, so nobody mistakes it for Spotify's own consent page.
 * Self-contained: inline style, no script, no external resources.
 */
import { escapeHtml } from '../core/auth/callback-pages.ts';

export const DEMO_LABEL = 'Traytune demo — no real Spotify account involved';
export const DECISION_PATH = '/authorize/decision';
export const PENDING_FIELD = 'pending';
export const DECISION_FIELD = 'decision';

/** The Content-Security-Policy every demo page is served with. */
export const DEMO_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { max-width: 30rem; margin: 2.5rem auto; padding: 0 1rem; line-height: 1.5; }
.banner { background: #fef3c7; color: #713f12; border-radius: .5rem; padding: .6rem .9rem; font-weight: 600; }
h1 { font-size: 1.35rem; }
.actions { display: flex; gap: 1rem; margin-top: 1.5rem; }
button { font: inherit; border-radius: 2rem; padding: .6rem 1.8rem; cursor: pointer; border: 2px solid #166534; }
.agree { background: #166534; color: #fff; }
.cancel { background: transparent; color: inherit; border-color: currentColor; }
button:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<p class="banner">${escapeHtml(DEMO_LABEL)}</p>
${body}
</main>
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

/** The consent page: what the demo will show, and Agree / Cancel. */
export function consentPage(pendingId: string, userName: string): string {
  return page(
    `${DEMO_LABEL}`,
    `<h1>Allow Traytune to show what ${escapeHtml(userName)} is playing?</h1>
<p>This is the page where Spotify would ask for your permission. In the demo, a simulated Spotify
running inside Traytune on your computer answers instead: it plays a short queue of made-up tracks.
Nothing is sent to Spotify and no account is created.</p>
<p>Agree to log in to the demo; Cancel to see what happens when you say no.</p>
<div class="actions">
${decisionForm(pendingId, 'agree', 'Agree')}
${decisionForm(pendingId, 'cancel', 'Cancel')}
</div>`,
  );
}

/** A request the demo cannot answer (unknown client, bad redirect URI, a reused consent page). */
export function errorPage(message: string): string {
  return page(`Error — ${DEMO_LABEL}`, `<h1>This demo login cannot continue</h1>\n<p>${escapeHtml(message)}</p>`);
}

/** What "Open in Spotify" shows in the demo, where there is nothing real to open. */
export function openPage(what: string): string {
  return page(
    `${what} — ${DEMO_LABEL}`,
    `<h1>${escapeHtml(what)}</h1>\n<p>In the real app, this opens ${escapeHtml(what)} in Spotify. ` +
      'The demo’s tracks are made up, so there is nothing to open here.</p>',
  );
}
