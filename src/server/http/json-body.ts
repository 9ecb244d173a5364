import type { FastifyInstance } from 'fastify';
import { CoreErrors, MeshError } from '../../api/index.js';

/** Deepest nesting a body may have; real TSB objects stay far below it. */
export const MAX_DEPTH = 64;

/** Nesting depth of JSON text, counted without parsing (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Parses a JSON body; broken or too-deep JSON is a 400 naming the position. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (jsonDepth(text) > MAX_DEPTH) {
    throw new MeshError(CoreErrors.InvalidInput, `(body): nested deeper than ${MAX_DEPTH} levels`, { field: '(body)' });
  }
  try {
    return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch (e) {
    throw new MeshError(CoreErrors.InvalidInput, `(body): not valid JSON: ${(e as Error).message}`, { field: '(body)' });
  }
}

/** Replaces Fastify's JSON parser with the bounded one above. */
export function registerJsonParser(app: FastifyInstance): void {
  // JSON only: text/plain bodies would otherwise reach the handlers as strings.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  // `curl -d` labels a JSON body application/x-www-form-urlencoded; TSB's REST guide sends it so and
  // TSB reads it as JSON. Browsers send that type cross-site too (an Origin header), so with an
  // Origin it stays refused: a page cannot smuggle a write past the JSON-only rule.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    if (req.headers.origin !== undefined) {
      done(
        new MeshError(CoreErrors.UnsupportedMediaType, 'Content-Type: application/x-www-form-urlencoded from a browser page; send application/json', {
          field: 'Content-Type',
        }),
        undefined,
      );
      return;
    }
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
