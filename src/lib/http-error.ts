/** An error whose message is safe to show: pages render it, the API returns it as `{ error }`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = () => new HttpError(404, 'not_found', 'Page not found');
