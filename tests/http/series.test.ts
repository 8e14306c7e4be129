import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { series } from '../../src/http/series.js';

/** Runs `handler` and resolves with what it handed on: the error given to next, or 'next' for a plain next(). */
function run(handler: RequestHandler): Promise<{ handed: unknown; seen: string[] }> {
  const req = { seen: [] as string[] } as unknown as Request & { seen: string[] };
  return new Promise((resolve) => {
    const next: NextFunction = (err?: unknown) => resolve({ handed: err ?? 'next', seen: req.seen });
    handler(req, {} as Response, next);
  });
}

const mark =
  (name: string): RequestHandler =>
  (req, _res, next) => {
    (req as unknown as { seen: string[] }).seen.push(name);
    next();
  };

describe('middleware run as one layer', () => {
  it('runs each in turn, whether it goes on at once or later', async () => {
    const later: RequestHandler = (req, _res, next) => {
      (req as unknown as { seen: string[] }).seen.push('later');
      setImmediate(next);
    };
    expect(await run(series(mark('a'), later, mark('b')))).toEqual({ handed: 'next', seen: ['a', 'later', 'b'] });
  });

  it('skips the rest after an error handed on, thrown, or rejected, and hands the error on', async () => {
    const boom = new Error('boom');
    const handed: RequestHandler = (_req, _res, next) => next(boom);
    const thrown: RequestHandler = () => {
      throw boom;
    };
    const rejected: RequestHandler = async () => {
      throw boom;
    };
    for (const failing of [handed, thrown, rejected]) {
      expect(await run(series(mark('a'), failing, mark('b')))).toEqual({ handed: boom, seen: ['a'] });
    }
  });

  it('ends where a handler answers without going on', async () => {
    const req = { seen: [] as string[] } as unknown as Request & { seen: string[] };
    let handedOn = false;
    series(mark('a'), () => {}, mark('b'))(req, {} as Response, () => (handedOn = true));
    expect(req.seen).toEqual(['a']);
    expect(handedOn).toBe(false);
  });
});
