/**
 * Every failure the user may need to understand, as one typed error. The UI
 * maps `kind` to a sentence with a fix. The core never matches the `message`
 * of a JSON error (Spotify changes it), only status codes and `reason`; the
 * plain-text 403 bodies of development mode carry nothing else, so those
 * alone are recognised by their wording.
 */
export type ProblemKind =
  /** No network, DNS failure, connection refused or reset. */
  | 'offline'
  /** Spotify did not answer in time. */
  | 'timeout'
  /** 429; `retryAfterS` says when the next request is allowed. */
  | 'rate-limited'
  /** 429 with reason QUOTA_EXCEEDED: the developer account's quota is used up. */
  | 'quota-exceeded'
  /** 403 PREMIUM_REQUIRED on a player command. */
  | 'premium-required'
  /** 404 NO_ACTIVE_DEVICE on a player command. */
  | 'no-active-device'
  /** Plain-text 403: the user is not on the app's allow-list in the dashboard. */
  | 'user-not-registered'
  /** Plain-text 403: the app owner's account has no Premium subscription. */
  | 'owner-needs-premium'
  /** Refresh token expired (six months) or revoked, or a 401 survived a refresh. */
  | 'login-lost'
  /** Not logged in at all. */
  | 'not-logged-in'
  /** 5xx after the retries ran out. */
  | 'server-error'
  /** Any other 403. */
  | 'forbidden'
  /** The loopback port for the login callback is taken by another program. */
  | 'port-busy'
  /** The user pressed Cancel on Spotify's consent page. */
  | 'login-cancelled'
  /** The login did not complete (bad callback, code exchange refused, timed out). */
  | 'login-failed'
  /** Spotify rejected the client ID or secret. */
  | 'invalid-client'
  /** Anything else: a bug or an API change. */
  | 'unexpected';

export class TraytuneProblem extends Error {
  override readonly name = 'TraytuneProblem';
  readonly kind: ProblemKind;
  /** HTTP status when the problem came from a response. */
  readonly status: number | undefined;
  /** Seconds until a retry is allowed (rate limits). */
  readonly retryAfterS: number | undefined;
  /** Spotify's `error.reason` when it sent one. */
  readonly reason: string | undefined;

  constructor(
    kind: ProblemKind,
    message: string,
    extra: { status?: number; retryAfterS?: number; reason?: string; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.kind = kind;
    this.status = extra.status;
    this.retryAfterS = extra.retryAfterS;
    this.reason = extra.reason;
  }
}

export function isProblem(error: unknown, kind?: ProblemKind): error is TraytuneProblem {
  return error instanceof TraytuneProblem && (kind === undefined || error.kind === kind);
}
