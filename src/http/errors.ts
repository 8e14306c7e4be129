/** An error that maps to an HTTP status and a message safe to show the user. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what = 'That page') => new HttpError(404, `${what} could not be found.`);
export const forbidden = (msg = 'You do not have access to this page.') => new HttpError(403, msg);
