/**
 * Choosing one image out of Spotify's size variants. Sizes may be null (user
 * uploads) and lists may be empty (local files), so every choice has a
 * fallback and `null` means "draw a placeholder".
 */
import type { SpotifyImage } from './types.ts';

function widthOf(image: SpotifyImage): number | null {
  const size = image.width ?? image.height;
  return typeof size === 'number' && Number.isFinite(size) ? size : null;
}

/**
 * The smallest image at least `minWidth` wide (sharp enough without wasting
 * bandwidth); else the largest known size; else the first image; else null.
 */
export function pickImageUrl(images: readonly SpotifyImage[] | null | undefined, minWidth: number): string | null {
  const usable = (images ?? []).filter((image) => typeof image.url === 'string' && image.url !== '');
  const sized = usable
    .map((image) => ({ url: image.url, width: widthOf(image) }))
    .filter((entry): entry is { url: string; width: number } => entry.width !== null)
    .sort((a, b) => a.width - b.width);
  const bigEnough = sized.find((entry) => entry.width >= minWidth);
  if (bigEnough) return bigEnough.url;
  const largest = sized.at(-1);
  if (largest) return largest.url;
  return usable[0]?.url ?? null;
}

/**
 * The smallest image at least `minWidth` wide, else the first image, else
 * null. For avatars, where Spotify's order (largest first) is a fine fallback.
 */
export function pickImageUrlOrFirst(
  images: readonly SpotifyImage[] | null | undefined,
  minWidth: number,
): string | null {
  const usable = (images ?? []).filter((image) => typeof image.url === 'string' && image.url !== '');
  const bigEnough = usable
    .map((image) => ({ url: image.url, width: widthOf(image) }))
    .filter((entry): entry is { url: string; width: number } => entry.width !== null && entry.width >= minWidth)
    .sort((a, b) => a.width - b.width)[0];
  return bigEnough?.url ?? usable[0]?.url ?? null;
}
