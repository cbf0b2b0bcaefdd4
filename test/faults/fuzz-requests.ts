/**
 * Generated malformed HTTP requests for the callback-server fuzz. Seeded, so
 * a failure names a request that can be replayed. Never includes the real
 * login's state: nothing generated here may complete a login.
 */

/** mulberry32: tiny, fast, and good enough to pick cases reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FuzzCategory = 'structured' | 'garbage' | 'truncated' | 'oversized' | 'pipelined';

export interface FuzzRequest {
  category: FuzzCategory;
  bytes: Buffer;
  /** A complete, well-formed HTTP/1.x request: it must get an answer. */
  wellFormed: boolean;
}

const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE'];
const ODD_METHODS = ['get', 'G€T', 'GE T', '', 'M'.repeat(300), 'PRI', 'BREW', '\u0000GET'];
const PATHS = [
  '/callback',
  '/callback',
  '/callback',
  '/callback/',
  '/CALLBACK',
  '/Callback',
  '/',
  '/favicon.ico',
  '//callback',
  '/callback/../callback',
  '/%63allback',
  '/callback%2F',
  '/callback;x=1',
  '/callback%00',
  '/api/token',
  '/.env',
];
const ODD_PATHS = ['*', 'http://127.0.0.1/callback', 'callback', '/callback#frag', '/call back', '/\u00e9', '/%'];
const KEYS = ['state', 'state', 'code', 'error', 'error_description', 'iss', 'scope', 'foo', '', 'state[]', '%73tate'];
const BROKEN = ['%', '%G1', '%zz', '%C3%28', '%00', '%E2%82', '+', '%2B', '%%', '%u0041', '%ED%A0%80', '%FF%FE'];
const HEADERS = [
  'Accept: */*',
  'Cookie: a=b',
  'Referer: https://evil.example/',
  'Origin: https://evil.example',
  'X-Forwarded-For: 1.2.3.4',
  'Content-Length: 5',
  'Transfer-Encoding: chunked',
  'Connection: keep-alive',
  'Expect: 100-continue',
  'Upgrade: websocket',
];
const ODD_HEADERS = [
  'NoColonHere',
  ' folded: line',
  'Bad Name: x',
  'Content-Length: -1',
  'Content-Length: 1, 2',
  'Host:',
];
const GARBAGE = [
  'GARBAGE\r\n\r\n',
  'GET /callback\r\n\r\n',
  'GET /callback HTTP/9.9\r\nHost: x\r\n\r\n',
  '\r\n\r\n\r\n',
  '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003',
  'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
  'GET /callback?state=x HTTP/1.1\nHost: x\n\n',
  'GET /callback HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n',
  'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /callback HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nHost: x\r\n\r\nabc',
];

export function fuzzRequests(seed: number, port: number): (index: number) => FuzzRequest {
  const random = prng(seed);
  const int = (max: number): number => Math.floor(random() * max);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
  const word = (length: number): string => Array.from({ length }, () => chars[int(chars.length)]).join('');
  const value = (): string => {
    const r = random();
    if (r < 0.4) return word(int(64));
    if (r < 0.7) return Array.from({ length: 1 + int(4) }, () => pick(BROKEN)).join(word(int(4)));
    if (r < 0.8) return encodeURIComponent('<script>alert(1)</script>ü✓😀');
    if (r < 0.9) return pick(['access_denied', 'server_error', 'invalid_request', '']);
    return encodeURIComponent(String.fromCodePoint(...Array.from({ length: 1 + int(8) }, () => int(0x2fff))));
  };
  const query = (): string => {
    const n = int(9);
    if (n === 0) return random() < 0.5 ? '' : '?';
    const params = Array.from({ length: n }, () => {
      const key = pick(KEYS);
      return random() < 0.1 ? key : `${key}=${value()}`;
    });
    return `?${params.join(pick(['&', '&', '&', ';', '&&']))}`;
  };
  const structured = (odd: boolean): { text: string; wellFormed: boolean } => {
    const oddMethod = odd && random() < 0.3;
    const oddPath = odd && random() < 0.3;
    const method = oddMethod ? pick(ODD_METHODS) : pick(METHODS);
    const target = `${oddPath ? pick(ODD_PATHS) : pick(PATHS)}${query()}`;
    const version = odd && random() < 0.2 ? pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', '', 'HTTP/1.1 x']) : 'HTTP/1.1';
    const headers = [`Host: 127.0.0.1:${port}`];
    const extra = Array.from({ length: int(4) }, () => pick(HEADERS)).filter(
      (h) => !h.startsWith('Content-Length') && !h.startsWith('Transfer-Encoding') && !h.startsWith('Expect'),
    );
    headers.push(...extra);
    const oddHeader = odd && random() < 0.3;
    if (oddHeader) headers.push(pick(ODD_HEADERS));
    const eol = odd && random() < 0.1 ? '\n' : '\r\n';
    const text = `${method} ${target} ${version}${eol}${headers.join(eol)}${eol}${eol}`;
    // Only requests a conforming parser must accept are counted as must-answer.
    const clean = !oddMethod && !oddPath && version === 'HTTP/1.1' && !oddHeader && eol === '\r\n';
    return { text, wellFormed: clean && target.length < 8_000 && /^[\x21-\x7e]*$/.test(target) };
  };

  return () => {
    const r = random();
    if (r < 0.5) {
      const { text, wellFormed } = structured(random() < 0.4);
      return { category: 'structured', bytes: Buffer.from(text, 'latin1'), wellFormed };
    }
    if (r < 0.62) {
      const bytes =
        random() < 0.6
          ? Buffer.from(pick(GARBAGE), 'latin1')
          : Buffer.from(Array.from({ length: 1 + int(200) }, () => int(256)));
      return { category: 'garbage', bytes, wellFormed: false };
    }
    if (r < 0.8) {
      const { text } = structured(false);
      return {
        category: 'truncated',
        bytes: Buffer.from(text.slice(0, int(text.length - 1)), 'latin1'),
        wellFormed: false,
      };
    }
    if (r < 0.92) {
      const hugeQuery = random() < 0.5;
      const big = word(hugeQuery ? 9_000 + int(30_000) : 17_000 + int(30_000));
      const text = hugeQuery
        ? `GET /callback?state=${big} HTTP/1.1\r\nHost: x\r\n\r\n`
        : `GET /callback?state=x HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`;
      return { category: 'oversized', bytes: Buffer.from(text, 'latin1'), wellFormed: false };
    }
    const first = structured(false).text;
    const body =
      random() < 0.5 ? `POST /callback HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd` : structured(true).text;
    return { category: 'pipelined', bytes: Buffer.from(first + body, 'latin1'), wellFormed: false };
  };
}
