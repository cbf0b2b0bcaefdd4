/**
 * The popover's Content-Security-Policy, in one place. The Electron adapter
 * and the browser preview both serve the renderer with it; only the image
 * origins and (in the preview, whose bridge talks HTTP to its own server)
 * `connect-src 'self'` may differ.
 */

/** Spotify's image CDN (album art, avatars). */
export const SPOTIFY_IMAGE_ORIGINS = [
  'https://i.scdn.co',
  'https://mosaic.scdn.co',
  'https://image-cdn-ak.spotifycdn.com',
  'https://image-cdn-fa.spotifycdn.com',
];

export interface CspOptions {
  /** Extra image origins, e.g. the test fake's `http://127.0.0.1:PORT` when TRAYTUNE_API_URL points at it. */
  extraImageOrigins?: readonly string[];
  /** Preview only: the bridge fetches from and streams events from its own origin. */
  connectSelf?: boolean;
}

export function rendererCsp(options: CspOptions = {}): string {
  const images = ["'self'", 'data:', ...SPOTIFY_IMAGE_ORIGINS, ...(options.extraImageOrigins ?? [])];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${images.join(' ')}`,
    "font-src 'self'",
    `connect-src ${options.connectSelf === true ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The placeholder the renderer's index.html carries in its CSP meta tag; servers replace it. */
export const CSP_PLACEHOLDER = '__TRAYTUNE_CSP__';

/**
 * The policy for the HTML's `<meta>` tag. Chromium ignores (and logs an
 * error for) `frame-ancestors` there; it only works as a header, which the
 * servers send as well.
 */
export function cspForMetaTag(policy: string): string {
  return policy
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
}
