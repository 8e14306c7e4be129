// Production build: compiles the TypeScript (src, views, jobs, migrations, seeds and the
// factories the seeds use) into dist/, copies non-TypeScript files that sit beside the code
// (e.g. hand-written .sql) and puts the vendored browser scripts into static/vendor.
// Run the result with `node dist/src/main.js` (web) and `node dist/jobs/worker.js` (worker).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const compiled = ['src', 'views', 'jobs', 'migrations', 'seeds'];

function run(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${what} failed`);
    process.exit(r.status ?? 1);
  }
}

rmSync(dist, { recursive: true, force: true });

run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], 'tsc');

/** Copies every file that tsc does not emit (anything but .ts/.tsx) into the same place under dist/. */
function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const from = path.join(dir, name);
    if (statSync(from).isDirectory()) {
      copyAssets(from);
    } else if (!/\.(ts|tsx|mts|cts)$/.test(name)) {
      cpSync(from, path.join(dist, path.relative(root, from)));
    }
  }
}
for (const dir of compiled) if (existsSync(path.join(root, dir))) copyAssets(path.join(root, dir));

run([path.join(root, 'scripts', 'vendor.mjs')], 'copying static/vendor');

for (const entry of ['dist/src/main.js', 'dist/jobs/worker.js', 'dist/src/cli/migrate.js', 'dist/src/cli/admin-create.js']) {
  if (!existsSync(path.join(root, entry))) {
    console.error(`build: ${entry} is missing`);
    process.exit(1);
  }
}
console.log('build: dist/ ready (web: node dist/src/main.js, worker: node dist/jobs/worker.js)');
