/**
 * `npm run faults`: runs the fault matrix (test/faults) with Vitest's JSON
 * reporter, prints one line per scenario with the outcome the test recorded,
 * and ends with `fault matrix: N passed, M failed, K tokens lost`. Exits
 * non-zero when any scenario failed or any token was lost.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const artifacts = join(root, 'artifacts');
const report = join(artifacts, 'faults-vitest.json');
const resultsFile = join(artifacts, 'faults-results.jsonl');

interface AssertionResult {
  title: string;
  status: string;
  failureMessages: string[];
}
interface VitestReport {
  testResults: { name: string; assertionResults: AssertionResult[] }[];
}
interface Recorded {
  scenario: string;
  outcome: string;
  tokensLost: boolean;
}

mkdirSync(artifacts, { recursive: true });
rmSync(resultsFile, { force: true });
rmSync(report, { force: true });

const run = spawnSync(
  join(root, 'node_modules', '.bin', 'vitest'),
  ['run', '--config', 'test/vitest.config.ts', '--reporter=json', `--outputFile.json=${report}`, 'test/faults/'],
  { cwd: root, encoding: 'utf8', env: { ...process.env, FAULTS_RESULTS: resultsFile }, maxBuffer: 64 * 1024 * 1024 },
);
if (run.error !== undefined) console.log(`could not run vitest: ${run.error.message}`);

let parsed: VitestReport | null = null;
try {
  parsed = JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
} catch {
  console.log(run.stderr.split('\n').slice(-30).join('\n'));
}

const recorded = new Map<string, Recorded>();
try {
  for (const line of readFileSync(resultsFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as Recorded;
    recorded.set(entry.scenario, entry);
  }
} catch {
  // No results file: every scenario failed before recording; the counts below say so.
}

let passed = 0;
let failed = 0;
for (const file of parsed?.testResults ?? []) {
  for (const test of file.assertionResults) {
    const outcome = recorded.get(test.title)?.outcome;
    if (test.status === 'passed') {
      passed += 1;
      console.log(`PASS ${test.title} — ${outcome ?? 'passed'}`);
    } else if (test.status === 'failed') {
      failed += 1;
      const why = (test.failureMessages[0] ?? 'failed').split('\n')[0];
      console.log(`FAIL ${test.title} — ${outcome ?? why}`);
    }
  }
}
if (parsed === null) failed += 1;
// The fuzz test records how many requests it sent as the start of its outcome.
const fuzzCount = [...recorded.values()].map((r) => /^(\d+) requests/.exec(r.outcome)?.[1]).find(Boolean);
if (fuzzCount !== undefined) console.log(`callback fuzz: ${fuzzCount} requests`);
const tokensLost = [...recorded.values()].filter((r) => r.tokensLost).length;
console.log(`fault matrix: ${passed} passed, ${failed} failed, ${tokensLost} tokens lost`);
// Vitest's own verdict counts too: a file that failed to load has no per-test results above.
if (run.status !== 0) console.log(`fault matrix: vitest exited with ${String(run.status)}; see the output above`);
process.exit(failed > 0 || tokensLost > 0 || passed === 0 || run.status !== 0 ? 1 : 0);
