import type { RequestHandler } from 'express';

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as Promise<unknown> | null)?.then === 'function';

/**
 * Several middleware as one layer of the app's stack, run in turn as Express
 * would run them: a handler that throws, rejects or calls `next(err)` skips the
 * rest and hands the error on. Express walks each of its own layers with more
 * bookkeeping (matching the path, parameters, a promise check), and a page
 * passes about twenty of them.
 */
export function series(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err || i === handlers.length) return next(err);
      const handler = handlers[i++];
      let ret: unknown;
      try {
        ret = handler(req, res, step);
      } catch (e) {
        return next(e);
      }
      if (isPromise(ret)) ret.then(undefined, (e: unknown) => next(e ?? new Error('Rejected promise')));
    };
    step();
  };
}
