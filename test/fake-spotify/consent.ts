/**
 * A scripted user at the consent page, for tests without a browser. Goes
 * through the real endpoints, so it exercises exactly what a browser would.
 */
import { DECISION_FIELD, DECISION_PATH, PENDING_FIELD } from './pages.ts';

function location(res: Response): URL {
  const target = res.headers.get('location');
  if (target === null) throw new Error(`consent: ${res.status} without a Location header`);
  return new URL(target);
}

/** See FakeSpotify.consent. `origin` is the fake's own origin; nothing else is contacted. */
export async function consentOverHttp(
  origin: string,
  authorizeUrl: string,
  decision: 'agree' | 'cancel',
): Promise<URL> {
  const url = new URL(authorizeUrl);
  if (url.origin !== origin || url.pathname !== '/authorize') {
    throw new Error(`consent: ${url.origin}${url.pathname} is not this fake's ${origin}/authorize`);
  }
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  // Problems the fake reports to the app (bad scope, missing PKCE…) redirect at once.
  if (page.status === 302) return location(page);
  if (page.status !== 200) {
    const message = /<p class="error">([^<]*)<\/p>/.exec(html)?.[1] ?? html;
    throw new Error(`consent: the authorize page shows an error (${page.status}): ${message}`);
  }
  const pending = new RegExp(`name="${PENDING_FIELD}" value="([^"]+)"`).exec(html)?.[1];
  if (pending === undefined) throw new Error('consent: no pending-authorization id on the consent page');

  const answer = await fetch(new URL(DECISION_PATH, origin), {
    method: 'POST',
    body: new URLSearchParams({ [PENDING_FIELD]: pending, [DECISION_FIELD]: decision }),
    redirect: 'manual',
  });
  await answer.body?.cancel();
  if (answer.status !== 302) throw new Error(`consent: the decision was answered with ${answer.status}`);
  return location(answer);
}
