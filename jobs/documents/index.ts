import type { JobSet } from '../registry.js';
import { issueCreditNoteJob, issueInvoiceJob, issueReceiptJob } from './issue-documents.job.js';

/** The documents domain's jobs: each renders and stores one PDF, once. */
export const documentsJobs: JobSet = {
  processors: {
    documents: {
      'issue-receipt': issueReceiptJob,
      'issue-invoice': issueInvoiceJob,
      'issue-credit-note': issueCreditNoteJob,
    },
  },
};
