/**
 * Type-checks every target with its own tsconfig (the root tsconfig.json
 * lists them), so a renderer file that reaches for Node or a core file that
 * imports electron fails here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
// The root config is JSON with comments; strip whole-line comments before parsing.
const rootConfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as {
  references: { path: string }[];
};

let failed = 0;
for (const { path } of rootConfig.references) {
  const project = join(root, path, 'tsconfig.json');
  if (!existsSync(project)) {
    console.error(`typecheck: ${path}: missing tsconfig.json`);
    failed += 1;
    continue;
  }
  const result = spawnSync(process.execPath, [tsc, '-p', project, '--pretty'], { cwd: root, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status === 0) {
    console.log(`typecheck: ${path} ok`);
  } else {
    failed += 1;
    console.log(`typecheck: ${path} FAILED\n${output}`);
  }
}
if (failed > 0) {
  console.log(`typecheck: ${failed} target(s) failed`);
  process.exit(1);
}
