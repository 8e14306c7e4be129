import { parse, type HTMLElement } from 'node-html-parser';

export interface Page {
  status: number;
  headers: Headers;
  html: string;
  doc: HTMLElement;
  url: string;
}

/**
 * A cookie-keeping HTTP client that behaves like a browser with JavaScript off
 * (or like htmx, with `htmx: true`): it reads the CSRF token from the last page.
 */
export class Client {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly baseUrl: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** A cookie as a page script would set it (tz.js's time zone). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private remember(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, opts: { form?: Record<string, string>; htmx?: boolean; headers?: Record<string, string>; follow?: boolean } = {}): Promise<Page> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (opts.htmx) headers['HX-Request'] = 'true';
    let body: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    }
    const res = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual' });
    this.remember(res);
    if (opts.follow !== false && res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.arrayBuffer();
      return this.request('GET', res.headers.get('location')!, { htmx: false });
    }
    const html = await res.text();
    const doc = parse(html);
    const token = doc.querySelector('input[name=_csrf]')?.getAttribute('value') ?? tokenFromBody(doc);
    if (token) this.csrf = token;
    return { status: res.status, headers: res.headers, html, doc, url: res.url };
  }

  get(path: string, opts: { htmx?: boolean; headers?: Record<string, string>; follow?: boolean } = {}) {
    return this.request('GET', path, opts);
  }

  /** Submits a form the way a browser would, with the page's CSRF token unless `csrf: false`. */
  post(path: string, form: Record<string, string> = {}, opts: { csrf?: boolean; htmx?: boolean; follow?: boolean; method?: string } = {}) {
    const body = { ...form };
    const headers: Record<string, string> = {};
    if (opts.csrf !== false) {
      if (opts.htmx) headers['x-csrf-token'] = this.csrf;
      else body._csrf = this.csrf;
    }
    if (opts.method) body._method = opts.method;
    return this.request('POST', path, { form: body, htmx: opts.htmx, headers, follow: opts.follow });
  }

  async signIn(email: string, password: string): Promise<Page> {
    await this.get('/signin');
    return this.post('/session', { email, password });
  }

  async signOut(): Promise<Page> {
    await this.get('/');
    return this.post('/session', {}, { method: 'DELETE' });
  }
}

function tokenFromBody(doc: HTMLElement): string | undefined {
  const raw = doc.querySelector('body')?.getAttribute('hx-headers');
  if (!raw) return undefined;
  try {
    return (JSON.parse(raw) as Record<string, string>)['x-csrf-token'];
  } catch {
    return undefined;
  }
}

export function text(el: HTMLElement | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
