import { loadConfig } from '../src/config.js';
import { createDb, migrate } from '../src/db.js';
import { seedDemo } from './demo.js';

const config = loadConfig({ ...process.env, REDIS_URL: process.env.REDIS_URL ?? 'redis://unused', SESSION_SECRET: process.env.SESSION_SECRET ?? 'x'.repeat(32) });
const db = createDb(config.DATABASE_URL, 2);
await migrate(db);
console.log((await seedDemo(db)) ? 'demo data loaded' : 'demo data already present');
await db.destroy();
