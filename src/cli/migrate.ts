import { createDb, migrate } from '../db.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL (postgres://user:pass@host:5432/db).');
  process.exit(1);
}
const db = createDb(url, 2);
await migrate(db);
console.log('migrations applied');
await db.destroy();
