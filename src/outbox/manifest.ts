import { outboxJobs } from '../../jobs/outbox/index.js';
import type { DomainManifest } from '../domains/manifest.js';

/** The outbox's upkeep (its relay is started by the worker itself). */
export const outboxDomain: DomainManifest = {
  name: 'outbox',
  jobs: outboxJobs,
};
