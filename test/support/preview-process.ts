/**
 * `npm run preview` as a child process, the way a developer runs it: its own
 * data and build directories, `--no-open`, and its stdout watched for the
 * address it serves and the login URLs it prints. Also records every view
 * state the bridge streams, for leak checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EVENTS_PATH, TOKEN_HEADER, TOKEN_META } from '../../main/app/bridge-protocol.ts';
import { waitFor } from './wait-for.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface PreviewOptions {
  /** Extra environment on top of a clean one (no SPOTIFY_*, TRAYTUNE_*, proxies). */
  env?: Record<string, string>;
  demo?: boolean;
}

export interface PreviewProcess {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  dataDir: string;
  /** Everything the process printed (stdout and stderr), for leak checks and failure messages. */
  output(): string;
  /** Waits for the next login URL printed after `after` of them (default: all seen so far). */
  nextLoginUrl(after?: number): Promise<string>;
  loginUrls: string[];
  /** The bridge token, read from the served page like the bridge does. */
  bridgeToken(): Promise<string>;
  /** Every SSE payload received by a recorder started with `recordEvents`. */
  events: string[];
  recordEvents(): Promise<void>;
  stop(): Promise<void>;
}

/** The environment of the child: nothing of the developer's Spotify setup or proxies leaks in. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(SPOTIFY_|TRAYTUNE_)|_PROXY$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export async function startPreview(options: PreviewOptions = {}): Promise<PreviewProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'traytune-preview-data-'));
  const buildDir = await mkdtemp(join(tmpdir(), 'traytune-preview-build-'));
  const args = ['main/dev/preview.ts', '--port', '0', '--no-open', '--data-dir', dataDir, '--build-dir', buildDir];
  if (options.demo === true) args.push('--demo');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: cleanEnv(options.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const loginUrls: string[] = [];
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    const found = [...output.matchAll(/^Log in at: (\S+)$/gm)].map((m) => m[1] ?? '');
    loginUrls.splice(0, loginUrls.length, ...found);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const events: string[] = [];
  const recorder = new AbortController();
  let url = '';
  try {
    await waitFor(() => exited || /^Traytune preview: (\S+)$/m.test(output), 'the preview to start', 30_000);
    if (exited) throw new Error(`preview exited early:\n${output}`);
    url = /^Traytune preview: (\S+)$/m.exec(output)?.[1] ?? '';
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    await rm(buildDir, { recursive: true, force: true });
    throw error;
  }

  const bridgeToken = async (): Promise<string> => {
    const html = await (await fetch(url)).text();
    const token = new RegExp(`<meta name="${TOKEN_META}" content="([^"]+)">`).exec(html)?.[1];
    if (token === undefined) throw new Error('the served page has no bridge token');
    return token;
  };

  return {
    url,
    dataDir,
    output: () => output,
    loginUrls,
    async nextLoginUrl(after = loginUrls.length) {
      await waitFor(() => loginUrls.length > after, 'a printed login URL', 15_000);
      return loginUrls[after] ?? '';
    },
    bridgeToken,
    events,
    async recordEvents() {
      const response = await fetch(new URL(EVENTS_PATH, url), {
        headers: { [TOKEN_HEADER]: await bridgeToken() },
        signal: recorder.signal,
      });
      if (!response.ok || response.body === null) throw new Error(`event stream: HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      void (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            events.push(value);
          }
        } catch {
          // Aborted by stop(), or the preview went away: the recording ends either way.
        }
      })();
    },
    async stop() {
      recorder.abort();
      if (!exited) {
        child.kill('SIGTERM');
        try {
          await waitFor(() => exited, 'the preview to exit', 5_000);
        } catch {
          child.kill('SIGKILL');
        }
      }
      await rm(dataDir, { recursive: true, force: true });
      await rm(buildDir, { recursive: true, force: true });
    },
  };
}
