/**
 * The parts of Spotify Web API responses that Traytune reads, written by hand
 * from spotify-openapi.yml and the platform notes. Deliberately partial and
 * loose: fields the app does not read are left out, and fields Spotify has been
 * seen to omit or null are optional/nullable, so readers must cope with both.
 * Where the openapi is wrong (204 on currently-playing, `actions.disallows`
 * drawn flat), these types follow what Spotify actually sends.
 */

/** An image in several sizes; width/height are null for some user uploads. */
export interface SpotifyImage {
  url: string;
  width?: number | null;
  height?: number | null;
}

export interface SpotifyExternalUrls {
  spotify?: string;
}

/** `GET /me`. Dev-mode apps no longer get `product`, `email` or `country`. */
export interface SpotifyUserProfile {
  id: string;
  /** Stable account id, added May 2026. */
  account_id?: string;
  display_name?: string | null;
  images?: SpotifyImage[];
  external_urls?: SpotifyExternalUrls;
  uri?: string;
}

export interface SpotifyArtist {
  /** Null for artists of local files. */
  id?: string | null;
  name: string;
  uri?: string | null;
}

export interface SpotifyAlbum {
  id?: string | null;
  name: string;
  /** Empty or missing for local files. */
  images?: SpotifyImage[];
}

export interface SpotifyTrack {
  type: 'track';
  /** Null for local files. */
  id: string | null;
  name: string;
  artists: SpotifyArtist[];
  album: SpotifyAlbum;
  duration_ms: number;
  uri: string;
  /** Empty object for local files. */
  external_urls?: SpotifyExternalUrls;
  is_local?: boolean;
}

export interface SpotifyShow {
  id?: string;
  name: string;
  publisher?: string;
  images?: SpotifyImage[];
}

export interface SpotifyEpisode {
  type: 'episode';
  id: string;
  name: string;
  show: SpotifyShow;
  images?: SpotifyImage[];
  duration_ms: number;
  uri: string;
  external_urls?: SpotifyExternalUrls;
}

/** `actions.disallows`: a key that is true means the action is not allowed now; absent means allowed. */
export interface SpotifyDisallows {
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

export interface SpotifyActions {
  disallows?: SpotifyDisallows;
}

export interface SpotifyContext {
  type?: string;
  uri?: string;
  external_urls?: SpotifyExternalUrls;
}

/** What is playing; `unknown` and other future values must be tolerated. */
export type CurrentlyPlayingType = 'track' | 'episode' | 'ad' | 'unknown';

/**
 * `GET /me/player/currently-playing?additional_types=track,episode` (200).
 * A 204 (nothing playing, or a private session) has no body at all.
 */
export interface SpotifyCurrentlyPlaying {
  /** Server time of the last state change, not of this sample. */
  timestamp?: number;
  progress_ms?: number | null;
  is_playing: boolean;
  context?: SpotifyContext | null;
  currently_playing_type?: CurrentlyPlayingType;
  /** Null for ads, and for episodes when `additional_types` lacks `episode`. */
  item?: SpotifyTrack | SpotifyEpisode | null;
  actions?: SpotifyActions;
}

export interface SpotifyDevice {
  /** Null for some restricted devices. */
  id: string | null;
  name: string;
  type: string;
  volume_percent?: number | null;
  is_active: boolean;
  is_private_session?: boolean;
  is_restricted?: boolean;
  supports_volume?: boolean;
}

/** `GET /me/player` (200); 204 when no device is active. */
export interface SpotifyPlaybackState extends SpotifyCurrentlyPlaying {
  device: SpotifyDevice;
  shuffle_state?: boolean;
  repeat_state?: 'off' | 'track' | 'context';
}

/** The usual Web API error body; `reason` is an open set. Some 403s are plain text instead. */
export interface SpotifyErrorBody {
  error: { status?: number; message?: string; reason?: string };
}
