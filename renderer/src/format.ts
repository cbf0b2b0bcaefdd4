/** Formatting shared by the views. */

/** Milliseconds as `m:ss`, or `h:mm:ss` from an hour up (podcasts). */
export function formatTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Artists as one line; Spotify lists them in billing order. */
export function joinArtists(artists: readonly string[]): string {
  return artists.filter((name) => name !== '').join(', ');
}
