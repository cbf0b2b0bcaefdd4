/**
 * `npm test`: everything CI checks, in one command. Type-checks every target,
 * lints, checks formatting, then runs every test file (unit, integration and
 * real-browser tests) and prints the counts. Exits non-zero if anything fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

function step(title: string, command: string, args: string[]): boolean {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) console.log(`== ${title}: FAILED`);
  return result.status === 0;
}

const results: Record<string, boolean> = {};
results['typecheck'] = step('typecheck', process.execPath, [join(root, 'test', 'typecheck.ts')]);
results['lint'] = step('lint', bin('eslint'), ['-c', 'test/eslint.config.js', '--max-warnings', '0', '.']);
results['format'] = step('format', bin('prettier'), [
  '--check',
  '--log-level',
  'warn',
  '--ignore-path',
  '.gitignore',
  '--ignore-path',
  'test/prettierignore',
  '.',
]);

mkdirSync(join(root, 'artifacts'), { recursive: true });
const report = join(root, 'artifacts', 'vitest.json');
results['tests'] = step('tests', bin('vitest'), [
  'run',
  '--config',
  'test/vitest.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

// The fault matrix: 30+ failure scenarios and the callback fuzz, ending with
// "fault matrix: N passed, M failed, K tokens lost".
results['faults'] = step('faults', process.execPath, [join(root, 'test', 'faults', 'run.ts')]);

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
}
function readReport(path: string): VitestReport | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as VitestReport;
  } catch {
    return null;
  }
}
// Every test counts once: the main run plus the fault matrix's own run.
const reports = [readReport(report), readReport(join(root, 'artifacts', 'faults-vitest.json'))];
if (reports[0] === null) console.log('tests: no report was written');
const counts: VitestReport | null =
  reports[0] === null
    ? null
    : reports.reduce<VitestReport>(
        (sum, r) => ({
          numPassedTests: sum.numPassedTests + (r?.numPassedTests ?? 0),
          numFailedTests: sum.numFailedTests + (r?.numFailedTests ?? 0),
          numPendingTests: sum.numPendingTests + (r?.numPendingTests ?? 0),
          numTodoTests: sum.numTodoTests + (r?.numTodoTests ?? 0),
          numTotalTests: sum.numTotalTests + (r?.numTotalTests ?? 0),
        }),
        { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numTotalTests: 0 },
      );

const failedSteps = Object.entries(results)
  .filter(([, ok]) => !ok)
  .map(([name]) => name);
console.log(
  `\nchecks: ${Object.keys(results).length - failedSteps.length} of ${Object.keys(results).length} passed` +
    (failedSteps.length > 0 ? ` (failed: ${failedSteps.join(', ')})` : ''),
);
if (counts !== null) {
  const skipped = counts.numPendingTests + counts.numTodoTests;
  console.log(`tests: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(failedSteps.length === 0 && counts !== null && counts.numTotalTests > 0 ? 0 : 1);
