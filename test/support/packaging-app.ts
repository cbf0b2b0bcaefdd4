/**
 * The app folder electron-builder would pack, assembled without electron-builder
 * (and so without the Electron download): the `files` globs of
 * electron-builder.yml applied to a built tree, package.json with
 * `extraMetadata`, and the checks on what ends up inside.
 */
import { copyFile, glob, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, posix, relative, sep } from 'node:path';

import yaml from 'js-yaml';
import ts from 'typescript';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The parts of electron-builder.yml that decide what goes into the app. */
export interface PackConfig {
  files: string[];
  extraMetadata: Record<string, unknown>;
}

export async function loadPackConfig(): Promise<PackConfig> {
  const config = yaml.load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  const files = config['files'];
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === 'string')) {
    // The object form ({ from, to, filter }) would need electron-builder's FileSet rules, which this does not model.
    throw new Error('electron-builder.yml: `files` must be a list of glob strings');
  }
  const extraMetadata = (config['extraMetadata'] ?? {}) as Record<string, unknown>;
  return { files, extraMetadata };
}

const toPosix = (file: string): string => file.split(sep).join('/');

/** Glob characters as minimatch sees them (electron-builder's `hasMagic`). */
const MAGIC = /[*?[\]{}()!+@]/;

/**
 * electron-builder's normalisation (app-builder-lib fileMatcher.ts): `./` dropped,
 * posix-normalised, and a bare directory name (no dot, no glob magic) also
 * meaning everything below it.
 */
function expandPattern(pattern: string): string[] {
  const normalized = posix.normalize(pattern.replace(/\\/g, '/').replace(/^\.\//, ''));
  return !normalized.includes('.') && !MAGIC.test(normalized) ? [normalized, `${normalized}/**/*`] : [normalized];
}

/** Every file below `dir`, as sorted posix paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => toPosix(relative(dir, join(entry.parentPath, entry.name))))
    .sort();
}

/** Names starting with a dot anywhere below `dir` (files or directories). */
export async function dotEntries(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.name.startsWith('.'))
    .map((entry) => toPosix(relative(dir, join(entry.parentPath, entry.name))));
}

/**
 * The files of `srcDir` the `files` patterns select, as electron-builder's
 * filter does: patterns in order, each positive one adding its matches and
 * each `!` one removing its matches (minimatch-all: the last pattern that
 * matches a file decides). electron-builder adds `package.json` when the list
 * lacks it. Its own default exclusions (node_modules, lock files, `*.d.ts` …)
 * are left out on purpose: they only remove files, so this selection is a
 * superset of the real one and the checks on it are, if anything, stricter.
 * Not modelled: electron-builder also copies the production `dependencies`
 * into node_modules by a separate collector, whatever `files` says.
 *
 * One difference the caller must rule out: electron-builder matches with
 * minimatch `dot: true`, Node's glob never lets `*`/`**` match a dot name.
 * See dotEntries.
 */
export async function selectFiles(srcDir: string, patterns: readonly string[]): Promise<string[]> {
  const ordered = [...patterns];
  if (!ordered.some((p) => !p.startsWith('!') && expandPattern(p).includes('package.json'))) {
    ordered.push('package.json');
  }
  const selected = new Set<string>();
  for (const pattern of ordered) {
    const exclude = pattern.startsWith('!');
    for (const expanded of expandPattern(exclude ? pattern.slice(1) : pattern)) {
      for await (const entry of glob(expanded, { cwd: srcDir, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const file = toPosix(relative(srcDir, join(entry.parentPath, entry.name)));
        if (exclude) selected.delete(file);
        else selected.add(file);
      }
    }
  }
  return [...selected].sort();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

/** app-builder-lib fileTransformer.ts: what `cleanupPackageJson` drops from the main package.json by default. */
const REMOVED_FROM_PACKAGE_JSON = new Set<string>([
  'devDependencies',
  'scripts',
  'keywords',
  'dist',
  'gitHead',
  'build',
  'jspm',
  'ava',
  'xo',
  'nyc',
  'eslintConfig',
  'contributors',
  'bundleDependencies',
  'tags',
]);

/**
 * The package.json electron-builder writes into the app: the project's, with
 * `extraMetadata` deep-merged in, then cleaned as its fileTransformer does by
 * default (devDependencies, scripts, keywords and build-tool keys removed).
 */
export function appPackageJson(
  project: Record<string, unknown>,
  extraMetadata: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(deepMerge(project, extraMetadata)).filter(
      ([key]) => !key.startsWith('_') && !REMOVED_FROM_PACKAGE_JSON.has(key),
    ),
  );
}

export async function copyFiles(srcDir: string, destDir: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const target = join(destDir, file);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(srcDir, file), target);
  }
}

export async function totalBytes(dir: string, files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(files.map(async (file) => (await stat(join(dir, file))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** A module a built file still loads at run time. */
export interface ModuleRequest {
  kind: 'import' | 'export-from' | 'dynamic-import' | 'require';
  /** The specifier, or `null` when it is computed (not a string literal). */
  specifier: string | null;
}

/**
 * Every import, re-export, `import()` and `require()` in a built JS file,
 * from its syntax tree: a regex would also see the `import('net')` in JSDoc
 * comments and the `require("ajv/dist/runtime/…")` that ajv keeps in strings
 * for generated code, and would miss esbuild's `__require("node:…")` calls.
 */
export function moduleRequests(fileName: string, code: string): ModuleRequest[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const found: ModuleRequest[] = [];
  const literal = (node: ts.Node | undefined): string | null =>
    node !== undefined && ts.isStringLiteralLike(node) ? node.text : null;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      found.push({ kind: 'import', specifier: literal(node.moduleSpecifier) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      found.push({ kind: 'export-from', specifier: literal(node.moduleSpecifier) });
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) {
        found.push({ kind: 'dynamic-import', specifier: literal(node.arguments[0]) });
      } else if (ts.isIdentifier(callee) && (callee.text === 'require' || callee.text === '__require')) {
        found.push({ kind: 'require', specifier: literal(node.arguments[0]) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** True for what the Electron runtime itself provides: `electron` and Node's built-in modules. */
export function providedByRuntime(specifier: string): boolean {
  return specifier === 'electron' || (specifier.startsWith('node:') && isBuiltin(specifier));
}

/**
 * The source files esbuild put into a bundle, from the `// path/to/file.ts`
 * line it writes before each module in unminified output.
 */
export function bundledSources(code: string): string[] {
  return [...code.matchAll(/^\/\/ (\S+\.(?:[cm]?[jt]sx?|json))$/gm)].map((m) => m[1] ?? '');
}

const TEXT_EXTENSIONS = /\.(?:[cm]?js|json|html|css|svg|txt|md|ya?ml)$/;

/** File names that are test code, source maps, TypeScript sources, env files or key material. */
const FORBIDDEN_NAMES: readonly [RegExp, string][] = [
  [/(^|\/)test\//, 'test directory'],
  [/(^|\/)fake-spotify/, 'fake Spotify'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'test file'],
  [/\.map$/, 'source map'],
  [/\.[cm]?tsx?$/, 'TypeScript source'],
  [/(^|\/)\.env/, 'env file'],
  [/\.(pem|key|p12|pfx|crt|cer|der|jks|keystore)$/i, 'key or certificate'],
  [/(^|\/)(id_rsa|id_ed25519|\.npmrc|\.netrc)$/, 'credentials file'],
];

/** Text that should never be inside a shipped file. */
const FORBIDDEN_TEXT: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'PEM private key'],
  // A secret-named key with a literal value; the bare word is fine (oauth4webapi's
  // client authentication and the log redactor name it).
  [/(?:client_?secret|SPOTIFY_CLIENT_SECRET)["']?\s*[:=]\s*["'`][^"'`\s]{8,}["'`]/i, 'client secret with a value'],
  [/\bfake-spotify\b/, 'fake Spotify reference'],
];

/**
 * What is wrong with the files of an app folder, one line each: forbidden
 * names, forbidden text, any 32-hex-digit literal other than `allowedHex`
 * (Spotify client IDs and secrets have that shape; the test constants are
 * passed in `forbiddenValues` to be reported by name), and bundles that
 * contain modules from test/.
 */
export async function appFolderProblems(
  dir: string,
  files: readonly string[],
  options: { forbiddenValues: Record<string, string>; allowedHex: readonly string[] },
): Promise<string[]> {
  const problems: string[] = [];
  const allowed = new Set(options.allowedHex.map((hex) => hex.toLowerCase()));
  for (const file of files) {
    for (const [pattern, what] of FORBIDDEN_NAMES) if (pattern.test(file)) problems.push(`${file}: ${what}`);
    if (!TEXT_EXTENSIONS.test(file) && file !== 'package.json') continue;
    const text = await readFile(join(dir, file), 'utf8');
    for (const [pattern, what] of FORBIDDEN_TEXT) if (pattern.test(text)) problems.push(`${file}: ${what}`);
    for (const [name, value] of Object.entries(options.forbiddenValues)) {
      if (text.toLowerCase().includes(value.toLowerCase())) problems.push(`${file}: contains ${name}`);
    }
    for (const [hex] of text.matchAll(/(?<![0-9a-zA-Z])[0-9a-fA-F]{32}(?![0-9a-zA-Z])/g)) {
      if (!allowed.has(hex.toLowerCase())) problems.push(`${file}: 32-hex literal ${hex}`);
    }
    if (/\.[cm]?js$/.test(file)) {
      for (const bundled of bundledSources(text)) {
        if (/(^|\/)test\//.test(bundled)) problems.push(`${file}: bundles ${bundled}`);
      }
    }
  }
  return [...new Set(problems)];
}
