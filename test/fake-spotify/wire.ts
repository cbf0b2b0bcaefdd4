/**
 * The JSON shapes the fake sends, following the community OpenAPI description
 * of the Spotify Web API. Only the fields a client plausibly reads are typed;
 * the builders in fixtures.ts fill in the rest so payloads look like the real
 * thing.
 */

export interface ImageObject {
  url: string;
  width: number | null;
  height: number | null;
}

export interface ExternalUrls {
  spotify: string;
}

export interface SimplifiedArtistObject {
  external_urls: ExternalUrls;
  href: string;
  id: string;
  name: string;
  type: 'artist';
  uri: string;
}

export interface SimplifiedAlbumObject {
  album_type: 'album' | 'single' | 'compilation';
  artists: SimplifiedArtistObject[];
  available_markets: string[];
  external_urls: ExternalUrls;
  href: string;
  id: string;
  images: ImageObject[];
  name: string;
  release_date: string;
  release_date_precision: 'year' | 'month' | 'day';
  total_tracks: number;
  type: 'album';
  uri: string;
}

export interface TrackObject {
  album: SimplifiedAlbumObject;
  artists: SimplifiedArtistObject[];
  available_markets: string[];
  disc_number: number;
  duration_ms: number;
  explicit: boolean;
  external_ids: { isrc?: string };
  /** Empty for local files, which have no Spotify page. */
  external_urls: Partial<ExternalUrls>;
  href: string | null;
  /** `null` for local files. */
  id: string | null;
  is_local: boolean;
  is_playable?: boolean;
  name: string;
  popularity: number;
  preview_url: string | null;
  track_number: number;
  type: 'track';
  uri: string;
}

export interface SimplifiedShowObject {
  available_markets: string[];
  copyrights: { text: string; type: string }[];
  description: string;
  html_description: string;
  explicit: boolean;
  external_urls: ExternalUrls;
  href: string;
  id: string;
  images: ImageObject[];
  is_externally_hosted: boolean;
  languages: string[];
  media_type: string;
  name: string;
  publisher: string;
  total_episodes: number;
  type: 'show';
  uri: string;
}

export interface EpisodeObject {
  audio_preview_url: string | null;
  description: string;
  html_description: string;
  duration_ms: number;
  explicit: boolean;
  external_urls: ExternalUrls;
  href: string;
  id: string;
  images: ImageObject[];
  is_externally_hosted: boolean;
  is_playable: boolean;
  languages: string[];
  name: string;
  release_date: string;
  release_date_precision: 'year' | 'month' | 'day';
  show: SimplifiedShowObject;
  type: 'episode';
  uri: string;
}

/** What can be "the item" of a playback state. */
export type PlayableItem = TrackObject | EpisodeObject;

export type CurrentlyPlayingType = 'track' | 'episode' | 'ad' | 'unknown';

export type RepeatState = 'off' | 'track' | 'context';

export interface ContextObject {
  type: 'album' | 'artist' | 'playlist' | 'show' | 'collection';
  href: string | null;
  external_urls: Partial<ExternalUrls>;
  uri: string;
}

export interface DeviceObject {
  id: string | null;
  is_active: boolean;
  is_private_session: boolean;
  is_restricted: boolean;
  name: string;
  type: string;
  volume_percent: number | null;
  supports_volume: boolean;
}

/** Which controls the current context forbids; Spotify sends only the `true` entries. */
export interface Disallows {
  interrupting_playback?: boolean;
  pausing?: boolean;
  resuming?: boolean;
  seeking?: boolean;
  skipping_next?: boolean;
  skipping_prev?: boolean;
  toggling_repeat_context?: boolean;
  toggling_shuffle?: boolean;
  toggling_repeat_track?: boolean;
  transferring_playback?: boolean;
}

/**
 * `GET /me` for a development-mode app: no `product`, `email` or `country`
 * any more, so the fake never sends them.
 */
export interface UserObject {
  account_id: string;
  display_name: string | null;
  external_urls: ExternalUrls;
  followers: { href: null; total: number };
  href: string;
  id: string;
  images: ImageObject[];
  type: 'user';
  uri: string;
}
