/**
 * What the demo plays: a short queue of made-up tracks by made-up artists,
 * with album art drawn as inline SVG `data:` URLs. Inline art keeps the
 * popover's CSP as strict as in the real app (images from `data:` are
 * already allowed) and works offline.
 */

/** One fictional track. Ids are Spotify-shaped (22 base62 characters) so every reader treats them normally. */
export interface DemoTrack {
  id: string;
  title: string;
  artists: string[];
  album: string;
  durationMs: number;
  /** Two colours for the cover gradient and a motif drawn over it. */
  art: { from: string; to: string; motif: 'sun' | 'waves' | 'rings' | 'grid' | 'peaks' };
}

/** The demo's listener. */
export const DEMO_USER = { id: 'traytune-demo', displayName: 'Demo Listener' } as const;

/** Played in order, then from the top again. All names are invented for Traytune. */
export const DEMO_TRACKS: readonly DemoTrack[] = [
  {
    id: 'demo0paperlanterns0001',
    title: 'Paper Lanterns',
    artists: ['Marlow & the Tides'],
    album: 'Harbour Lights',
    durationMs: 204_000,
    art: { from: '#f59e0b', to: '#b91c1c', motif: 'sun' },
  },
  {
    id: 'demo0glasshouse0000002',
    title: 'Glasshouse Weather',
    artists: ['Juniper Vale'],
    album: 'Glasshouse',
    durationMs: 178_000,
    art: { from: '#22d3ee', to: '#1e3a8a', motif: 'waves' },
  },
  {
    id: 'demo0sloworbit00000003',
    title: 'Slow Orbit',
    artists: ['The Quiet Engines'],
    album: 'Low Gravity',
    durationMs: 245_000,
    art: { from: '#a78bfa', to: '#312e81', motif: 'rings' },
  },
  {
    id: 'demo0coppermornings004',
    title: 'Copper Mornings',
    artists: ['Ada Fenwick'],
    album: 'Copper Mornings',
    durationMs: 192_000,
    art: { from: '#fb923c', to: '#7c2d12', motif: 'peaks' },
  },
  {
    id: 'demo0nightbushome00005',
    title: 'Night Bus Home',
    artists: ['Lumen Park', 'Sofi Arden'],
    album: 'City Static',
    durationMs: 220_000,
    art: { from: '#34d399', to: '#0f172a', motif: 'grid' },
  },
];

const MOTIFS: Record<DemoTrack['art']['motif'], string> = {
  sun: '<circle cx="150" cy="170" r="70" fill="#fff" fill-opacity=".85"/><rect y="200" width="300" height="100" fill="#000" fill-opacity=".25"/>',
  waves:
    '<path d="M0 170q37-30 75 0t75 0 75 0 75 0v130H0z" fill="#fff" fill-opacity=".3"/><path d="M0 210q37-30 75 0t75 0 75 0 75 0v90H0z" fill="#fff" fill-opacity=".45"/>',
  rings:
    '<g fill="none" stroke="#fff" stroke-opacity=".7" stroke-width="6"><circle cx="150" cy="150" r="40"/><ellipse cx="150" cy="150" rx="110" ry="34" transform="rotate(-20 150 150)"/></g>',
  grid: '<g stroke="#fff" stroke-opacity=".35" stroke-width="3"><path d="M0 180h300M0 220h300M0 260h300M60 150v150M150 150v150M240 150v150"/></g><circle cx="220" cy="80" r="22" fill="#fff" fill-opacity=".8"/>',
  peaks: '<path d="M0 240l80-110 50 60 60-90 110 140v60H0z" fill="#000" fill-opacity=".3"/>',
};

/** The cover of `track` as a `data:image/svg+xml` URL (300 × 300, scales to any size). */
export function coverArtUrl(track: DemoTrack): string {
  const { from, to, motif } = track.art;
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">' +
    `<defs><linearGradient id="g" x2="1" y2="1"><stop stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>` +
    `<rect width="300" height="300" fill="url(#g)"/>${MOTIFS[motif]}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** The demo listener's avatar: initials-free, so it needs no font. */
export function avatarUrl(): string {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">' +
    '<rect width="64" height="64" fill="#1db954"/><circle cx="32" cy="25" r="11" fill="#fff"/>' +
    '<path d="M12 58c2-12 10-18 20-18s18 6 20 18z" fill="#fff"/></svg>';
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
