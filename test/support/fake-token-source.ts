/**
 * An AccessTokenSource for tests: hands out `access-token-N`, renews on
 * request, and counts renewals so tests can assert "exactly one refresh".
 * Tokens look like secrets on purpose, so tests can check none leaks.
 */
import type { AccessTokenSource } from '../../main/core/auth/token-source.ts';

export class FakeTokenSource implements AccessTokenSource {
  #serial = 1;
  /** The token getAccessToken() returns now. */
  current = 'access-token-1-s3cr3t';
  /** Tokens passed to renewAfterRejection, in order. */
  readonly rejected: string[] = [];
  /** Every token ever handed out, for leak checks. */
  readonly issued: string[] = [this.current];
  /** When set, getAccessToken() rejects with it (e.g. a 'not-logged-in' problem). */
  failure: Error | undefined;

  get renewals(): number {
    return this.rejected.length;
  }

  async getAccessToken(): Promise<string> {
    if (this.failure !== undefined) throw this.failure;
    return this.current;
  }

  async renewAfterRejection(rejectedToken: string): Promise<string> {
    this.rejected.push(rejectedToken);
    if (this.failure !== undefined) throw this.failure;
    // Like the real source: a token that already changed is returned as is.
    if (rejectedToken === this.current) {
      this.#serial += 1;
      this.current = `access-token-${this.#serial}-s3cr3t`;
      this.issued.push(this.current);
    }
    return this.current;
  }
}
