/**
 * Builders for the objects a test scripts into the fake. Images point at the
 * fake's own `/image/` route so a browser test never reaches out to Spotify's
 * CDN; ids are deterministic per fake so failures are reproducible.
 */
import type {
  DeviceObject,
  EpisodeObject,
  ImageObject,
  SimplifiedArtistObject,
  TrackObject,
  UserObject,
} from './wire.ts';

export interface TrackInit {
  /** 22-character Spotify id; generated when omitted. Ignored for local files. */
  id?: string;
  name?: string;
  /** Artist names, first one is the main artist. */
  artists?: string[];
  album?: string;
  durationMs?: number;
  explicit?: boolean;
  /** A local file: `id` null, `spotify:local:` uri, no album art, no Spotify link. */
  local?: boolean;
  /** Replaces the generated album art (e.g. `[]` for a track without images). */
  images?: ImageObject[];
}

export interface EpisodeInit {
  id?: string;
  name?: string;
  show?: string;
  publisher?: string;
  durationMs?: number;
  images?: ImageObject[];
}

export interface UserInit {
  id?: string;
  accountId?: string;
  /** `null` is legal: Spotify sends it for users without a display name. */
  displayName?: string | null;
  images?: ImageObject[];
  followers?: number;
}

export type DeviceInit = Partial<DeviceObject>;

/** Builders bound to one fake, so their image URLs point at that fake. */
export interface Fixtures {
  track(init?: TrackInit): TrackObject;
  episode(init?: EpisodeInit): EpisodeObject;
  user(init?: UserInit): UserObject;
  device(init?: DeviceInit): DeviceObject;
  /** Square images, widest first, as Spotify sends them (640, 300, 64). */
  images(key: string): ImageObject[];
}

const WEB = 'https://open.spotify.com';
const API = 'https://api.spotify.com/v1';

/** @param imageBaseUrl where `/image/<key>` is served, ending in `/`. */
export function createFixtures(imageBaseUrl: string): Fixtures {
  let counter = 0;
  // Base62 like real ids, unique within this fake, stable across runs.
  const nextId = (prefix: string): string => `${prefix}${String(++counter).padStart(22 - prefix.length, '0')}`;

  const images = (key: string): ImageObject[] =>
    [640, 300, 64].map((size) => ({ url: `${imageBaseUrl}${key}-${size}`, width: size, height: size }));

  const artist = (name: string): SimplifiedArtistObject => {
    const id = nextId('fakeArtist');
    return {
      external_urls: { spotify: `${WEB}/artist/${id}` },
      href: `${API}/artists/${id}`,
      id,
      name,
      type: 'artist',
      uri: `spotify:artist:${id}`,
    };
  };

  function track(init: TrackInit = {}): TrackObject {
    const name = init.name ?? `Fake Track ${counter + 1}`;
    const artists = (init.artists ?? ['Fake Artist']).map(artist);
    const albumName = init.album ?? 'Fake Album';
    const albumId = nextId('fakeAlbum');
    const durationMs = init.durationMs ?? 200_000;
    const local = init.local ?? false;
    const id = local ? null : (init.id ?? nextId('fakeTrack'));
    const enc = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
    return {
      album: {
        album_type: 'album',
        artists,
        available_markets: [],
        external_urls: { spotify: `${WEB}/album/${albumId}` },
        href: `${API}/albums/${albumId}`,
        id: albumId,
        images: init.images ?? (local ? [] : images(albumId)),
        name: albumName,
        release_date: '2024-05-17',
        release_date_precision: 'day',
        total_tracks: 10,
        type: 'album',
        uri: `spotify:album:${albumId}`,
      },
      artists,
      available_markets: [],
      disc_number: 1,
      duration_ms: durationMs,
      explicit: init.explicit ?? false,
      external_ids: local ? {} : { isrc: 'XXFAK2400001' },
      external_urls: id === null ? {} : { spotify: `${WEB}/track/${id}` },
      href: id === null ? null : `${API}/tracks/${id}`,
      id,
      is_local: local,
      name,
      popularity: local ? 0 : 50,
      preview_url: null,
      track_number: 1,
      type: 'track',
      uri:
        id === null
          ? `spotify:local:${enc(artists[0]?.name ?? '')}:${enc(albumName)}:${enc(name)}:${Math.round(durationMs / 1000)}`
          : `spotify:track:${id}`,
    };
  }

  function episode(init: EpisodeInit = {}): EpisodeObject {
    const id = init.id ?? nextId('fakeEpisode');
    const showId = nextId('fakeShow');
    const showImages = init.images ?? images(showId);
    return {
      audio_preview_url: null,
      description: 'A fake episode.',
      html_description: '<p>A fake episode.</p>',
      duration_ms: init.durationMs ?? 1_800_000,
      explicit: false,
      external_urls: { spotify: `${WEB}/episode/${id}` },
      href: `${API}/episodes/${id}`,
      id,
      images: showImages,
      is_externally_hosted: false,
      is_playable: true,
      languages: ['en'],
      name: init.name ?? `Fake Episode ${counter}`,
      release_date: '2026-01-15',
      release_date_precision: 'day',
      show: {
        available_markets: [],
        copyrights: [],
        description: 'A fake show.',
        html_description: '<p>A fake show.</p>',
        explicit: false,
        external_urls: { spotify: `${WEB}/show/${showId}` },
        href: `${API}/shows/${showId}`,
        id: showId,
        images: showImages,
        is_externally_hosted: false,
        languages: ['en'],
        media_type: 'audio',
        name: init.show ?? 'Fake Show',
        publisher: init.publisher ?? 'Fake Publisher',
        total_episodes: 100,
        type: 'show',
        uri: `spotify:show:${showId}`,
      },
      type: 'episode',
      uri: `spotify:episode:${id}`,
    };
  }

  function user(init: UserInit = {}): UserObject {
    const id = init.id ?? 'fakelistener';
    return {
      account_id: init.accountId ?? 'aB3dE5fG7h',
      display_name: init.displayName === undefined ? 'Fake Listener' : init.displayName,
      external_urls: { spotify: `${WEB}/user/${id}` },
      followers: { href: null, total: init.followers ?? 3 },
      href: `${API}/users/${id}`,
      id,
      images: init.images ?? images(`user-${id}`).slice(1, 3),
      type: 'user',
      uri: `spotify:user:${id}`,
    };
  }

  function device(init: DeviceInit = {}): DeviceObject {
    return {
      id: 'fakedevice0000000000000000000000000000000',
      is_active: true,
      is_private_session: false,
      is_restricted: false,
      name: 'Fake Laptop',
      type: 'Computer',
      volume_percent: 60,
      supports_volume: true,
      ...init,
    };
  }

  return { track, episode, user, device, images };
}
