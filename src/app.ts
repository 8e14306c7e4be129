import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import { UserSessions } from './accounts/sessions.js';
import { dashboardCsp, queueDashboard, sameOriginOnly } from './admin/queues.js';
import type { AppServices, Deps } from './deps.js';
import { loadUser, requireAdmin, requireUser } from './http/auth.js';
import { createCsrf } from './http/csrf.js';
import { webhooksRouter } from './payments/webhooks.router.js';
import { mediaUploadParser } from './media/uploads.js';
import { disputeUploadParser } from './disputes/uploads.js';
import { shopUploadParser } from './shops/uploads.js';
import { errorHandler, notFoundHandler } from './http/errors-handler.js';
import { readHtmx } from './http/htmx.js';
import { createMetrics } from './http/metrics.js';
import { createLimits, generalLimit } from './http/ratelimit.js';
import { publicEventsGate } from './realtime/events.controller.js';
import { assets, serveAssets, staticDir } from './http/assets.js';
import { compressible } from './http/compress.js';
import { requestLogging } from './http/request-log.js';
import { securityHeaders } from './http/security-headers.js';
import { series } from './http/series.js';
import { answerInViewerLocale, viewerLocale } from './http/locale.js';
import { lazySession } from './http/session.js';
import { RenewingRedisStore, renewInterval } from './http/session-store.js';
import { unstorableTextGuard } from './http/text.js';
import { ensureVisitorId } from './http/visitor.js';
import { paths } from './paths.js';
import { routesHandler } from './routes.js';
import { SearchCache } from './search/cache.js';
import { keptSearchPages } from './search/kept-pages.js';

export { staticDir } from './http/assets.js';

/** Lets plain HTML forms ask for DELETE/PUT/PATCH with a hidden `_method` field. */
function methodOverride(req: Request, _res: Response, next: NextFunction): void {
  const m = req.method === 'POST' && typeof req.body?._method === 'string' ? req.body._method.toUpperCase() : null;
  if (m === 'DELETE' || m === 'PUT' || m === 'PATCH') req.method = m;
  next();
}

/** Runs `handlers` in turn for POST requests (the only ones they answer); any other request skips them in one step. */
function onlyPost(...handlers: RequestHandler[]): RequestHandler {
  const all = series(...handlers);
  return (req, res, next) => (req.method === 'POST' ? all(req, res, next) : next());
}

/** The whole middleware stack, in order. */
export function createApp(deps: Deps) {
  const { config, redis, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY === 'false' ? false : config.TRUST_PROXY === 'true' ? true : config.TRUST_PROXY);

  const store = new RenewingRedisStore({ client: redis, prefix: `${config.REDIS_PREFIX}sess:` }, renewInterval(config.SESSION_IDLE_MINUTES), (err) =>
    log.warn({ err }, 'session renewal failed'),
  );
  const csrf = createCsrf(config);
  const limits = createLimits(redis, config);
  const metrics = createMetrics(deps.queues);
  deps.hub.onCount = metrics.setSse;
  const services: AppServices = {
    ...deps,
    sessions: new UserSessions(redis, store, config.REDIS_PREFIX, Math.ceil(config.SESSION_ABSOLUTE_HOURS * 3600)),
    limits,
    csrfToken: (req, res) => {
      if (!req.user) ensureVisitorId(req, res, config);
      return csrf.generateCsrfToken(req, res);
    },
    searchCache: new SearchCache(deps.db, { seconds: config.SEARCH_CACHE_SECONDS, entries: config.SEARCH_CACHE_ENTRIES, onLookup: metrics.searchCacheLookup }),
  };
  app.locals.services = services;
  app.locals.metrics = metrics;

  // consecutive middleware run as one layer each (series), not one Express layer apiece
  app.use(
    series(
      // a visitor's public live stream (an auction's watchers) is opened before the page middleware; see publicEventsGate
      publicEventsGate(limits),
      requestLogging(log),
      securityHeaders({
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            connectSrc: ["'self'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            objectSrc: ["'none'"],
            upgradeInsecureRequests: config.cookieSecure ? [] : null,
          },
        },
        strictTransportSecurity: config.cookieSecure,
      }),
      compression({ filter: compressible }),
    ),
  );
  // hashed URLs (what pages link to) are kept a year; plain ones, named by pages rendered before a deploy, briefly
  app.use('/static', serveAssets(assets()), express.static(staticDir, { maxAge: config.isProduction ? '10m' : 0, index: false }));

  app.get(paths.healthz(), (_req, res) => {
    res.type('text').send('ok');
  });
  app.get(paths.readyz(), async (_req, res) => {
    const [pg, rd] = await Promise.all([
      deps.db.raw('select 1').then(() => true, () => false),
      redis.ping().then((r) => r === 'PONG', () => false),
    ]);
    res.status(pg && rd ? 200 : 503).json({ postgres: pg ? 'ok' : 'down', redis: rd ? 'ok' : 'down' });
  });
  app.get(paths.metrics(), async (req, res) => {
    if (config.METRICS_TOKEN && req.get('authorization') !== `Bearer ${config.METRICS_TOKEN}`) {
      res.status(401).type('text').send('unauthorized');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // before anything that can fail (rate limit, body size), so those errors also go to #flash for htmx
  app.use(series(readHtmx, metrics.middleware));
  app.use('/webhooks', webhooksRouter(deps));
  const sessionCookie = config.cookieSecure ? '__Host-souk.sid' : 'souk.sid';
  app.use(
    series(
      generalLimit(limits),
      cookieParser(),
      viewerLocale,
      keptSearchPages(sessionCookie),
      express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }),
      methodOverride,
      lazySession(
        session({
          name: sessionCookie,
          store,
          secret: config.SESSION_SECRET,
          resave: false,
          saveUninitialized: false,
          rolling: true,
          cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/', maxAge: config.SESSION_IDLE_MINUTES * 60_000 },
        }),
        sessionCookie,
      ),
      loadUser,
    ),
  );

  app.use(paths.adminQueues(), requireUser, requireAdmin, dashboardCsp, sameOriginOnly, queueDashboard(deps.queues));
  app.use(
    series(
      // multipart bodies are not parsed above; the upload routes parse theirs here (sellers only) so the CSRF check below reads their _csrf field
      onlyPost(mediaUploadParser(), disputeUploadParser(), shopUploadParser()),
      unstorableTextGuard,
      csrf.doubleCsrfProtection,
      answerInViewerLocale,
      routesHandler(),
    ),
  );
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
