import type { Knex } from 'knex';
import type { TestApp } from '../../app.js';
import type { Client, Page } from '../../http.js';

export interface Case {
  /** the concrete URL of the route */
  path: string;
  /** a form that would succeed with a valid token (sent by the signed-in admin) */
  form: Record<string, string>;
  /** the state the request would change, as a comparable value */
  state(): Promise<unknown>;
  /** what the browser does next with the accepted answer (takes a redirect whose target makes the change) */
  after?(accepted: Page): Promise<void>;
}

export interface FixtureContext {
  app: TestApp;
  /** the signed-in admin that sends the requests */
  admin: { id: number; email: string };
}

/** Plants what the route needs and returns the request that would change something. */
export type Fixture = (db: Knex, c: Client, ctx: FixtureContext) => Promise<Case>;
