import type { Request } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { UserSessions } from './accounts/sessions.js';
import type { Config } from './config.js';
import type { Db } from './db.js';
import type { Limits } from './http/ratelimit.js';
import type { Queues } from './queue.js';
import type { LiveBus } from './realtime/bus.js';
import type { Hub } from './realtime/hub.js';
import type { SearchCache } from './search/cache.js';

/** Everything a web process shares between requests. */
export interface Deps {
  config: Config;
  db: Db;
  redis: Redis;
  bus: LiveBus;
  queues: Queues;
  hub: Hub;
  log: Logger;
}

/** Request-time services built by createApp. */
export interface AppServices extends Deps {
  sessions: UserSessions;
  limits: Limits;
  csrfToken: (req: Request, res: import('express').Response) => string;
  /** this process's cache of search results, keyed by the search generation */
  searchCache: SearchCache;
}

export function services(req: Request): AppServices {
  return req.app.locals.services as AppServices;
}
