import type { NextFunction, Request, Response } from 'express';
import client from 'prom-client';
import type { Queues } from '../queue.js';

/** Prometheus metrics of one process: HTTP, SSE connections, queue depths. */
export function createMetrics(queues: Queues) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({ name: 'souk_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new client.Histogram({
    name: 'souk_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const sse = new client.Gauge({ name: 'souk_sse_connections', help: 'Open SSE connections on this process', registers: [registry] });
  const searchCache = new client.Counter({ name: 'souk_search_cache_total', help: 'Search cache lookups on this process', labelNames: ['result'], registers: [registry] });
  const searchHit = searchCache.labels('hit');
  const searchMiss = searchCache.labels('miss');
  new client.Gauge({
    name: 'souk_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        Object.entries(queues).map(async ([name, q]) => {
          const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed').catch(() => ({}) as Record<string, number>);
          for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
        }),
      );
    },
  });

  // one labelled child per (method, route, status), looked up by a string key rather than hashed from labels each time
  const children = new Map<string, { count: client.Counter.Internal; observe: (v: number) => void }>();
  const child = (method: string, route: string, status: number) => {
    const key = `${method} ${status} ${route}`;
    let c = children.get(key);
    if (!c) {
      const labels = { method, route, status: String(status) };
      const h = duration.labels(labels);
      c = { count: requests.labels(labels), observe: (v) => h.observe(v) };
      children.set(key, c);
    }
    return c;
  };

  function middleware(req: Request, res: Response, next: NextFunction): void {
    if (req.path === '/events') return next();
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? (res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'other');
      const c = child(req.method, route, res.statusCode);
      c.count.inc();
      c.observe(Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  }

  return {
    registry,
    middleware,
    setSse: (n: number) => sse.set(n),
    searchCacheLookup: (result: 'hit' | 'miss') => (result === 'hit' ? searchHit : searchMiss).inc(),
  };
}
