/**
 * A Logger that keeps every line, unredacted, so tests can prove that code
 * never hands a secret to the logger in the first place.
 */
import type { Logger, LogLevel } from '../../main/core/log.ts';

export interface RecordingLogger extends Logger {
  lines: { level: LogLevel; message: string; detail: string }[];
  /** Every line as one string, for `not.toContain(secret)` checks. */
  text(): string;
}

function show(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) return `${detail.name}: ${detail.message} ${String(detail.cause ?? '')}`;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

export function createRecordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const at =
    (level: LogLevel) =>
    (message: string, detail?: unknown): void => {
      lines.push({ level, message, detail: show(detail) });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((line) => `${line.level} ${line.message} ${line.detail}`).join('\n'),
  };
}
