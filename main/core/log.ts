/**
 * Logging with secrets scrubbed at the source. Tokens, codes and verifiers
 * must never reach a log line, so every message passes through `redact`
 * before it is written, whatever sink the app injects.
 */
export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

const SECRET_PARAMS =
  /\b(access_token|refresh_token|code|code_verifier|client_secret|state|code_challenge)(["']?\s*[:=]\s*["']?)([^\s"'&,}]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

/** Replaces the values of secret-bearing fields and auth headers with [redacted]. */
export function redact(text: string): string {
  return text.replace(BEARER, '$1 [redacted]').replace(SECRET_PARAMS, '$1$2[redacted]');
}

function describe(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) return ` ${detail.name}: ${detail.message}`;
  try {
    return ` ${JSON.stringify(detail)}`;
  } catch {
    return ` ${String(detail)}`;
  }
}

/** A logger that formats, redacts and hands each line to `sink`. */
export function createLogger(sink: LogSink, scope = 'traytune'): Logger {
  const write =
    (level: LogLevel) =>
    (message: string, detail?: unknown): void => {
      sink(level, redact(`[${scope}] ${message}${describe(detail)}`));
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Writes to stderr; debug lines only when TRAYTUNE_DEBUG is set. */
export const consoleSink: LogSink = (level, line) => {
  if (level === 'debug' && !process.env['TRAYTUNE_DEBUG']) return;
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${line}\n`);
};

/** Discards everything; for callers that did not ask for logs. */
export const silentLogger: Logger = createLogger(() => undefined);
