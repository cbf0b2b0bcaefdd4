/**
 * The small pages the browser shows after Spotify redirects back. They are
 * self-contained (inline style, no script, no external resources) and say
 * what happened and what to do next.
 */

export interface CallbackPage {
  status: number;
  title: string;
  message: string;
  /** 'ok' renders the success styling. */
  tone: 'ok' | 'problem';
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

export const pages = {
  loggedIn: (): CallbackPage => ({
    status: 200,
    title: 'Logged in',
    message: 'Logged in — you can close this tab and return to Traytune.',
    tone: 'ok',
  }),
  invalidState: (): CallbackPage => ({
    status: 400,
    title: 'Invalid state',
    message:
      'Invalid state: this login link is unknown, was already used, or has expired. ' +
      'Start the login again from Traytune.',
    tone: 'problem',
  }),
  cancelled: (): CallbackPage => ({
    status: 200,
    title: 'Login cancelled',
    message: 'You cancelled the login, so Traytune is still logged out. Start again from Traytune whenever you like.',
    tone: 'problem',
  }),
  refused: (error: string): CallbackPage => ({
    status: 400,
    title: 'Login refused',
    message: `Spotify refused the login (${error}). Check your app’s settings in the Spotify Developer Dashboard, then try again from Traytune.`,
    tone: 'problem',
  }),
  missingCode: (): CallbackPage => ({
    status: 400,
    title: 'Missing code',
    message:
      'Spotify’s answer had no authorization code, so the login could not finish. Start the login again from Traytune.',
    tone: 'problem',
  }),
  exchangeFailed: (detail: string): CallbackPage => ({
    status: 502,
    title: 'Login failed',
    message: `Traytune could not finish the login: ${detail} Try again from Traytune.`,
    tone: 'problem',
  }),
  notFound: (): CallbackPage => ({
    status: 404,
    title: 'Not found',
    message: 'Nothing here. This address only receives Spotify logins for Traytune.',
    tone: 'problem',
  }),
} as const;

/** Renders a page; all dynamic text is escaped. */
export function renderPage(page: CallbackPage): string {
  const accent = page.tone === 'ok' ? '#1db954' : '#e22134';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Traytune — ${escapeHtml(page.title)}</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:Canvas;color:CanvasText}
main{max-width:28rem;padding:2rem;border-radius:12px;border-top:4px solid ${accent}}
h1{font-size:1.25rem;margin:0 0 .5rem}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
</main>
</body>
</html>
`;
}
