/**
 * The signed-in user as the app shows it (name and avatar in the menu).
 * Serialisable and free of anything secret.
 */
import { pickImageUrlOrFirst } from './images.ts';
import type { SpotifyUserProfile } from './types.ts';

/** Avatars are drawn at 32 px; 64 px keeps them sharp on HiDPI screens. */
const AVATAR_MIN_WIDTH = 64;

export interface UserProfile {
  id: string;
  /** `display_name`, or the id when Spotify has no display name. */
  displayName: string;
  avatarUrl: string | null;
  profileUrl: string | null;
}

/** Maps a `GET /me` body to the profile the UI shows. */
export function toUserProfile(body: SpotifyUserProfile): UserProfile {
  const displayName = typeof body.display_name === 'string' && body.display_name !== '' ? body.display_name : body.id;
  return {
    id: body.id,
    displayName,
    avatarUrl: pickImageUrlOrFirst(body.images, AVATAR_MIN_WIDTH),
    profileUrl: body.external_urls?.spotify ?? null,
  };
}
