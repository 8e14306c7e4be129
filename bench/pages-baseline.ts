/**
 * The fair baseline of bench:pages: a bare node:http server doing by hand the
 * work Souk's signed-in /notifications page needs, and nothing else. It reads
 * the same session from Redis (checking the cookie's signature, touching the
 * session as the rolling cookie does), runs the same SQL through pg with the
 * same pool size and the same order (the user, then the page and the header
 * counts together), each statement prepared once per connection as Souk's
 * fixed statements are (decision 039), makes a CSRF token the same way (HMAC) and renders the
 * HTML with template strings. It has no framework, no middleware, no rate
 * limit, no logging and no metrics: that is what the ratio measures.
 *
 * Started by bench/pages.ts with DATABASE_URL, REDIS_URL, REDIS_PREFIX,
 * SESSION_SECRET, PORT, HOST and BENCH_HEAD_FILE (the page's <head>, static).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Redis } from 'ioredis';
import pg from 'pg';

const env = process.env;
/** BENCH_BARE_PREPARED=0: unnamed statements, parsed and planned by Postgres on every run (the baseline before decision 039) */
const prepared = env.BENCH_BARE_PREPARED !== '0';
const query = (name: string, text: string, values: unknown[]) => pool.query(prepared ? { name, text, values } : { text, values });
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DATABASE_POOL_MAX ?? 10) });
const redis = new Redis(env.REDIS_URL!, { enableAutoPipelining: true });
const prefix = `${env.REDIS_PREFIX}sess:`;
const secret = env.SESSION_SECRET!;
const head = readFileSync(env.BENCH_HEAD_FILE!, 'utf8');
const idleSeconds = 24 * 60 * 60;

const USER_SQL = `select u.id, u.email, u.display_name, u.is_admin, u.blocked_at, u.blocked_until, s.shop_name, s.user_id is not null as is_seller
  from users u left join sellers s on s.user_id = u.id where u.id = $1`;
const LIST_SQL = 'select id, user_id, kind, title, body, link, source_event_id, read_at, created_at from notifications where user_id = $1 order by id desc limit $2';
const UNREAD_SQL = 'select count(*)::int as count from notifications where user_id = $1 and read_at is null';
const BALANCES_SQL = 'select type, balance from ledger_accounts where user_id = $1 and currency = $2';
const CART_SQL = `select coalesce(sum(case when l.kind = any($1) then cl.quantity else 1 end), 0)::int as n
       from carts c join cart_lines cl on cl.cart_id = c.id join listings l on l.id = cl.listing_id
      where c.user_id = $2`;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]);

/** express-session's cookie: `s:<sid>.<base64 HMAC-SHA256 without padding>`, URL-encoded. */
function sessionId(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const i = part.indexOf('=');
    if (part.slice(0, i).trim() !== 'souk.sid') continue;
    const value = decodeURIComponent(part.slice(i + 1).trim());
    if (!value.startsWith('s:')) return null;
    const dot = value.lastIndexOf('.');
    const sid = value.slice(2, dot);
    const expected = Buffer.from(createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, ''));
    const given = Buffer.from(value.slice(dot + 1));
    return given.length === expected.length && timingSafeEqual(given, expected) ? sid : null;
  }
  return null;
}

function csrfToken(sid: string): string {
  const random = randomBytes(32).toString('hex');
  return `${createHmac('sha256', secret).update(`${sid}!${random}`).digest('hex')}.${random}`;
}

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

interface Notification {
  id: number;
  title: string;
  body: string | null;
  link: string | null;
  read_at: Date | null;
  created_at: Date;
}

function item(n: Notification, csrf: string): string {
  const title = n.link ? `<a href="${esc(n.link)}">${esc(n.title)}</a>` : `<strong>${esc(n.title)}</strong>`;
  const read = n.read_at
    ? ''
    : `<form method="post" action="/notifications/${n.id}/read" hx-post="/notifications/${n.id}/read" hx-target="#notification-${n.id}" hx-swap="outerHTML" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="link-button">Mark as read</button></form>`;
  return `<li id="notification-${n.id}" class="${n.read_at ? 'notification read' : 'notification unread'}"><p class="title">${title}</p>${n.body ? `<p>${esc(n.body)}</p>` : ''}<p class="meta"><time datetime="${n.created_at.toISOString()}">${when.format(n.created_at)}</time>${read}</p></li>`;
}

async function page(sid: string, res: http.ServerResponse): Promise<void> {
  const key = prefix + sid;
  const raw = await redis.get(key);
  const session = raw ? (JSON.parse(raw) as { userId?: number }) : null;
  if (!session?.userId) {
    res.writeHead(303, { location: '/signin' }).end();
    return;
  }
  // the rolling cookie: the session's lifetime starts again (not waited for, as express-session does not)
  void redis.expire(key, idleSeconds);
  const user = (await query('user', USER_SQL, [session.userId])).rows[0];
  if (!user || user.blocked_at) {
    res.writeHead(303, { location: '/signin' }).end();
    return;
  }
  const [list, unread, balances, cart] = await Promise.all([
    query('list', LIST_SQL, [user.id, 21]),
    query('unread', UNREAD_SQL, [user.id]),
    query('balances', BALANCES_SQL, [user.id, 'EUR']),
    query('cart', CART_SQL, [['fixed', 'service'], user.id]),
  ]);
  const csrf = csrfToken(sid);
  const items = (list.rows as Notification[]).slice(0, 20);
  const available = Number(balances.rows.find((r) => r.type === 'available')?.balance ?? 0);
  const html = `<!doctype html><html lang="en">${head}<body hx-headers='{"x-csrf-token":"${csrf}"}' hx-indicator="#progress" hx-ext="sse" sse-connect="/events?streams=user%3A${user.id}"><a class="skip-link" href="#main">Skip to content</a><div id="progress" class="progress" aria-hidden="true"></div><header class="site-header"><a class="brand" href="/">Souk</a><nav aria-label="Main"><a href="/search">Search</a><a href="/orders">Orders</a><a href="/wallet">Wallet</a></nav><div class="account"><a href="/cart" id="cart-count">Cart (${cart.rows[0].n})</a><a href="/notifications" id="notification-badge">Notifications (${unread.rows[0].count})</a><a href="/wallet" id="wallet-balance">${money.format(available / 100)}</a><span class="who">${esc(user.display_name)}</span><form method="post" action="/session" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="_method" value="DELETE"><button type="submit" class="link-button">Sign out</button></form></div></header><main id="main" tabindex="-1"><div id="flash" role="status" aria-live="polite"></div><h1>Notifications</h1><div id="notification-list" hx-get="/notifications" hx-trigger="sse:notifications, htmx:sseOpen from:body" hx-select="#notification-list" hx-swap="outerHTML"><ul class="stack">${items.map((n) => item(n, csrf)).join('')}</ul>${list.rows.length > 20 ? `<p><a href="/notifications?before=${items[19].id}">Older notifications</a></p>` : ''}</div></main><footer class="site-footer"><p>Souk — an open marketplace.</p></footer></body></html>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
  res.end(html);
}

http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const sid = sessionId(req.headers.cookie);
    if (!sid) {
      res.writeHead(303, { location: '/signin' }).end();
      return;
    }
    page(sid, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) res.writeHead(500).end();
    });
  })
  .listen(Number(env.PORT), env.HOST);
process.on('SIGTERM', () => process.exit(0));
