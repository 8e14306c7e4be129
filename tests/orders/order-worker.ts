/**
 * A child process of the order property test: runs its share of the random
 * order operations against the given database and reports each finished one on
 * stdout ("op <index> <outcome> <order id> <seller order id>"). The test kills it
 * with SIGKILL at random points; whatever was in flight must leave no trace.
 * Its clock is its own: expiry and escrow release move it forward.
 *
 *   node --import tsx tests/orders/order-worker.ts <database url> <seed> <plan json file>
 */
import { readFileSync } from 'node:fs';
import { createDb } from '../../src/db.js';
import { runOp, type Ctx } from './order-ops.js';

const [url, seed, file] = process.argv.slice(2);
if (!url || !file) {
  process.stderr.write('usage: order-worker.ts <database url> <seed> <plan json file>\n');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(file, 'utf8')) as Ctx & { indices: number[]; lanes: number };
const db = createDb(url, plan.lanes);
const ctx: Ctx = { tag: plan.tag, buyers: plan.buyers, admin: plan.admin, skus: plan.skus, ops: plan.ops };

let next = 0;
async function lane(): Promise<void> {
  while (next < plan.indices.length) {
    const i = plan.indices[next++];
    try {
      const r = await runOp(db, ctx, i);
      process.stdout.write(`op ${i} ${r.outcome} ${r.order} ${r.part}\n`);
    } catch (err) {
      throw new Error(`op ${i} ${JSON.stringify(ctx.ops[i])} failed: ${(err as Error).stack}`);
    }
  }
}

process.stdout.write(`ready ${process.pid} seed ${seed}\n`);
try {
  await Promise.all(Array.from({ length: plan.lanes }, lane));
  process.stdout.write('finished\n');
} catch (err) {
  process.stderr.write(`worker failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
