import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { Hub } from './realtime/hub.js';
import { createRedis } from './redis.js';
import { openRuntime } from './runtime.js';
import { isEntry, runUntilSignal } from './infra/process.js';
import { checkServices } from './infra/preflight.js';

/**
 * Starts a web process: HTTP + SSE hub. Returns a stop function for graceful
 * shutdown. It first checks that Postgres and Redis answer, unless told not to
 * (a test of what a page shows when the database goes away later).
 */
export async function startWeb(env: NodeJS.ProcessEnv = process.env, opts: { checkServices?: boolean } = {}): Promise<{ server: Server; stop: () => Promise<void>; port: number }> {
  const config = loadConfig(env);
  if (opts.checkServices !== false) await checkServices(config);
  const rt = openRuntime(config, 'web');
  const subscriber = createRedis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const hub = new Hub(subscriber, rt.bus.channel, config.SSE_HEARTBEAT_SECONDS * 1000);
  await hub.start();
  const app = createApp({ ...rt, hub });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  rt.log.info({ port }, 'web listening');
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      // SSE streams never end on their own: close them so the server can finish
      await hub.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      });
      subscriber.disconnect();
      await rt.close();
    })());
  return { server, stop, port };
}

if (isEntry(/[\\/]src[\\/]main\.(ts|js)$/)) runUntilSignal('web', () => startWeb());
