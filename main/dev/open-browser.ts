/**
 * Opens a URL in the system browser from plain Node (the CLI and the browser
 * preview; the Electron app uses shell.openExternal). Resolves once the
 * opener started; rejects when there is none, so callers can print the URL.
 */
import { spawn } from 'node:child_process';

function command(url: string): [string, string[]] {
  switch (process.platform) {
    case 'darwin':
      return ['open', [url]];
    case 'win32':
      // `start` is a cmd built-in; the empty string is the window title it expects first.
      return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
    default:
      return ['xdg-open', [url]];
  }
}

export function openInBrowser(url: string): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return Promise.reject(new Error(`refusing to open a ${parsed.protocol} URL`));
  }
  const [file, args] = command(parsed.toString());
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'ignore', detached: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
