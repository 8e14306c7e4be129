import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { signUp } from '../accounts/accounts.js';
import { findUserByEmail, setAdmin } from '../accounts/queries.js';
import { createDb, migrate } from '../db.js';
import { randomToken } from '../lib/ids.js';

// npm run admin:create -- email [display name]
// Promotes an existing account, or creates one (password from ADMIN_PASSWORD, a prompt, or generated).
const [emailArg, ...nameParts] = process.argv.slice(2);
const email = z.string().trim().toLowerCase().email().safeParse(emailArg ?? '');
if (!email.success) {
  console.error('Usage: npm run admin:create -- someone@example.com ["Display name"]');
  process.exit(1);
}
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL (postgres://user:pass@host:5432/db).');
  process.exit(1);
}
const db = createDb(url, 2);
try {
  await migrate(db);
  const existing = await findUserByEmail(db, email.data);
  if (existing) {
    await setAdmin(db, existing.id);
    console.log(`${email.data} is now an admin.`);
  } else {
    let password = process.env.ADMIN_PASSWORD ?? '';
    if (!password && process.stdin.isTTY) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      password = await rl.question('Password (at least 10 characters, empty to generate): ');
      rl.close();
    }
    const generated = !password;
    if (generated) password = randomToken(12);
    if (password.length < 10) throw new Error('The password must have at least 10 characters.');
    const result = await signUp(db, { email: email.data, display_name: nameParts.join(' ') || 'Admin', password });
    if (!result.ok) throw new Error(result.message);
    await setAdmin(db, result.user.id);
    console.log(`Admin ${email.data} created.${generated ? ` Password: ${password}` : ''}`);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
