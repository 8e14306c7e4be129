import type { Processor, JobSet } from '../../jobs/registry.js';
import type { Route } from '../http/route.js';
import type { Drafts } from '../notifications/draft.js';
import { mergeReactions, type Reactions } from '../outbox/reaction.js';
import type { WebhookHandler, WebhookHandlers } from '../payments/webhook-types.js';
import { QUEUE_NAMES, type QueueName, type Queues } from '../queue.js';

type OneOrMany<T> = T | T[];

/**
 * Everything one domain plugs into the application, in one typed object
 * (`src/<domain>/manifest.ts`), listed once in `src/domains.ts`. A domain
 * declares only what it has: no empty registries.
 *
 * Several parts of one kind (buyer, seller and admin routes; reactions kept in
 * two files) are given as a list.
 */
export interface DomainManifest {
  /** the folder's name; unique */
  name: string;
  /** the URLs it answers */
  routes?: Route[];
  /** what its committed events cause: live pushes and jobs (several domains may react to one topic) */
  reactions?: OneOrMany<Reactions>;
  /** its BullMQ processors by queue and job name, and the schedules it registers at worker start */
  jobs?: OneOrMany<JobSet>;
  /** the in-app notifications its events create (one domain owns a topic's notifications) */
  drafts?: OneOrMany<Drafts>;
  /** what it does with verified payment-gateway events (several domains may handle one type) */
  webhooks?: OneOrMany<WebhookHandlers>;
}

/** The application as the domains declare it: what the web process mounts and the worker runs. */
export interface Wiring {
  /** every route, in the order of the domain list, then of each domain's list */
  routes: Route[];
  /** per topic, every domain's reaction combined (mergeReactions) */
  reactions: Reactions;
  /** every job by queue and name */
  processors: Record<QueueName, Record<string, Processor>>;
  /** every domain's schedule registration, in the order of the domain list */
  schedules: ((queues: Queues) => Promise<void>)[];
  /** per topic, the notifications its events create */
  drafts: Drafts;
  /** per gateway event type, every domain's handler in the order of the domain list */
  webhooks: Map<string, WebhookHandler[]>;
}

/** Thrown at start when two declarations claim the same thing. */
export class WiringError extends Error {
  override name = 'WiringError';
}

const list = <T>(x: OneOrMany<T> | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** `/listings/:id/favourite` and `/listings/:listingId/favourite` are the same address to Express. */
const routeShape = (path: string) => path.replace(/:[A-Za-z0-9_]+(\([^)]*\))?\??/g, ':');

/** Remembers who claimed each key and refuses a second claim. */
function claims(what: string) {
  const owners = new Map<string, string>();
  return (key: string, owner: string) => {
    const first = owners.get(key);
    if (first !== undefined) {
      const by = first === owner ? `twice by the ${owner} domain` : `by both the ${first} and the ${owner} domains`;
      throw new WiringError(`Duplicate ${what} ${key}: declared ${by}.`);
    }
    owners.set(key, owner);
  };
}

/**
 * Builds the route table, the reactions, the processors and schedules, the
 * notification drafts and the webhook handlers from the domain list, and refuses
 * (with a WiringError naming both declarations) a duplicate:
 *
 * - domain name;
 * - route: the same method and path (parameter names aside), in one domain or two;
 * - job: the same queue and job name, in one domain or two;
 * - reaction topic declared twice by one domain (different domains reacting
 *   to one topic is normal and combined);
 * - notification draft topic, in one domain or two (one event, one author of its notifications);
 * - webhook event type handled twice by one domain (different domains handling
 *   one type is normal; they run in list order).
 */
export function wireDomains(domains: readonly DomainManifest[]): Wiring {
  const name = claims('domain name');
  const route = claims('route');
  const job = claims('job');
  const draft = claims('notification draft topic');

  const routes: Route[] = [];
  const reactionSets: Reactions[] = [];
  const processors = Object.fromEntries(QUEUE_NAMES.map((q) => [q, {}])) as Record<QueueName, Record<string, Processor>>;
  const schedules: Wiring['schedules'] = [];
  const drafts: Drafts = {};
  const webhooks = new Map<string, WebhookHandler[]>();

  for (const d of domains) {
    name(d.name, d.name);

    for (const r of d.routes ?? []) {
      route(`${r.method.toUpperCase()} ${routeShape(r.path)}`, d.name);
      routes.push(r);
    }

    const topic = claims('reaction topic');
    for (const set of list(d.reactions)) {
      for (const t of Object.keys(set)) topic(t, d.name);
      reactionSets.push(set);
    }

    for (const set of list(d.jobs)) {
      for (const [queue, byName] of Object.entries(set.processors) as [QueueName, Record<string, Processor>][]) {
        for (const [jobName, run] of Object.entries(byName)) {
          job(`${queue}/${jobName}`, d.name);
          processors[queue][jobName] = run;
        }
      }
      if (set.schedules) schedules.push(set.schedules);
    }

    for (const set of list(d.drafts)) {
      for (const [t, make] of Object.entries(set)) {
        draft(t, d.name);
        drafts[t] = make;
      }
    }

    const type = claims('webhook handler for');
    for (const set of list(d.webhooks)) {
      for (const [t, handle] of Object.entries(set)) {
        type(t, d.name);
        webhooks.set(t, [...(webhooks.get(t) ?? []), handle]);
      }
    }
  }

  return { routes, reactions: mergeReactions(...reactionSets), processors, schedules, drafts, webhooks };
}
