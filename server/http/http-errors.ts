import type express from 'express';

// Every HTTP answer that is not a success is a small JSON body: `{ error, message }`. Express's own
// final handler renders an HTML page with the stack and absolute paths outside production, and a
// probe found exactly that on a malformed URL, so nothing may fall through to it.

export interface HttpErrorBody {
  error: string;
  message: string;
}

/** Fixed texts per status: an error's own message may carry paths or internals, so it is never sent. */
const TEXTS: Record<number, [string, string]> = {
  400: ['bad-request', 'the request could not be read (malformed URL, header or body)'],
  401: ['unauthorized', 'a valid token is required'],
  403: ['forbidden', 'not allowed'],
  404: ['not-found', 'nothing here'],
  405: ['method-not-allowed', 'method not allowed'],
  408: ['timeout', 'request timed out'],
  413: ['too-large', 'request body too large'],
  414: ['uri-too-long', 'URL too long'],
  415: ['unsupported-media-type', 'unsupported media type'],
  416: ['range-not-satisfiable', 'range not satisfiable'],
  429: ['rate', 'too many requests; slow down'],
};

export function errorBody(status: number): HttpErrorBody {
  const t = TEXTS[status] ?? (status >= 500 ? ['internal', 'internal error'] : ['bad-request', 'request refused']);
  return { error: t[0], message: t[1] };
}

/** `router.all(path, methodNotAllowed('GET'))` after a path's handlers: 405 with `Allow`, not a 404. */
export function methodNotAllowed(...methods: string[]): express.RequestHandler {
  const allow = [...new Set(methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])))].join(', ');
  return (req, res) => {
    res
      .set('Allow', allow)
      .status(405)
      .json({ error: 'method-not-allowed', message: `${req.method} is not allowed here; use ${allow}` });
  };
}

/**
 * Express parses `?street=S01&street=S27` into an array, which the list parsers then silently drop
 * (an unfiltered answer to a filtered question). One value per parameter, or 400.
 */
export const singleQueryValues: express.RequestHandler = (req, res, next) => {
  for (const [key, value] of Object.entries(req.query)) {
    if (typeof value !== 'string') {
      res.status(400).json({
        error: 'bad-query',
        message: `query parameter "${key.slice(0, 40)}" must be given once, as text (use a comma list)`,
      });
      return;
    }
  }
  next();
};

/**
 * The last handler: nothing matched. Every page path of the app is GET-able (the SPA answers deep
 * links), so another method is a 405; an unmatched GET is a 404.
 */
export const notMatched: express.RequestHandler = (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res
      .set('Allow', 'GET, HEAD')
      .status(405)
      .json({ error: 'method-not-allowed', message: `${req.method} is not allowed here; use GET, HEAD` });
    return;
  }
  res.status(404).json(errorBody(404));
};

/** The app-wide error handler (four arguments, so Express treats it as one); installed last. */
export function jsonErrors(log: (msg: string) => void = (m) => console.error(m)): express.ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const raw = (err as { status?: unknown; statusCode?: unknown } | null) ?? {};
    const given = Number(raw.status ?? raw.statusCode);
    // a malformed percent-escape is a URIError with no status: the client's fault, not ours
    const status = Number.isInteger(given) && given >= 400 && given < 600 ? given : err instanceof URIError ? 400 : 500;
    if (status >= 500)
      log(`http: ${req.method} ${req.path.slice(0, 200)} failed: ${(err as Error)?.stack ?? String(err)}`);
    if (res.headersSent) {
      // a body is half sent: the only honest signal left is to cut the connection
      next(err);
      return;
    }
    res.status(status).set('Cache-Control', 'no-store').json(errorBody(status));
  };
}
