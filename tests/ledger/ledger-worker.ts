/**
 * A child process of the ledger property test: runs its share of the random
 * operations against the given database and reports each committed one on
 * stdout ("op <index> <outcome>"). The test kills it with SIGKILL at random
 * points; whatever was in flight must leave no trace.
 *
 *   node --import tsx tests/ledger/ledger-worker.ts <database url> <seed> <ops json file>
 */
import { readFileSync } from 'node:fs';
import { createDb } from '../../src/db.js';
import { runOp, type Ctx, type Op } from './ops.js';

const [url, seed, file] = process.argv.slice(2);
if (!url || !file) {
  process.stderr.write('usage: ledger-worker.ts <database url> <seed> <ops json file>\n');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(file, 'utf8')) as { tag: string; users: number[]; ops: Op[]; indices: number[]; lanes: number };
const db = createDb(url, plan.lanes);
const ctx: Ctx = { tag: plan.tag, users: plan.users, ops: plan.ops, committed: new Set() };

let next = 0;
async function lane(): Promise<void> {
  while (next < plan.indices.length) {
    const i = plan.indices[next++];
    const outcome = await runOp(db, ctx, i);
    process.stdout.write(`op ${i} ${outcome}\n`);
  }
}

process.stdout.write(`ready ${process.pid} seed ${seed}\n`);
try {
  await Promise.all(Array.from({ length: plan.lanes }, lane));
  process.stdout.write('finished\n');
} catch (err) {
  process.stderr.write(`worker failed: ${(err as Error).stack}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
