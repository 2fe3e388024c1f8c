import { createHash } from 'node:crypto';
import express, { type Request, type RequestHandler } from 'express';

/** `1mb`, `100kb`, `512`: body-parser's notation for sizes (powers of 1,024); null if it is not one. */
export function parseByteSize(size: string | number): number | null {
  if (typeof size === 'number') return Number.isFinite(size) && size >= 0 ? Math.floor(size) : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|pb)?\s*$/i.exec(size);
  if (!match) return null;
  const power = ['b', 'kb', 'mb', 'gb', 'tb', 'pb'].indexOf((match[2] ?? 'b').toLowerCase());
  return Math.floor(Number(match[1]) * 1024 ** power);
}

/** The Content-Types sent by the gateway and by nearly every client: JSON, UTF-8 or no charset said. */
const plainJson = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** A request whose body was read: the SHA-256 (hex) of its bytes as they came, for a token bound to them. */
export type BodyHashed = Request & { bodySha256?: string };

/** An error as body-parser makes one, which the service's error handler answers from `status` and `type`. */
function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, type, expose: true });
}

/**
 * The request body as JSON, in `request.body`, as `express.json({ limit })`
 * reads it, with a short way for the request nearly every one is: a POST of
 * plain UTF-8 JSON of a declared length within the limit, read in one piece
 * and parsed once, with none of the content negotiation, charset decoding
 * and stream plumbing the general parser sets up for every request. Every
 * other request (another charset, a content encoding, no declared length, a
 * declared length over the limit) goes to `express.json` itself, so the
 * limits and the refusals (413, 415, 400) stay exactly its own.
 */
export function jsonBodyParser(limit: string | number, { hash = false } = {}): RequestHandler {
  // The hash only where a check reads it (the subgraphs): the gateway's clients' bodies need none.
  const general = express.json({
    limit,
    ...(hash
      ? {
          verify: (request: Request, _response: unknown, bytes: Buffer) => {
            (request as BodyHashed).bodySha256 = createHash('sha256').update(bytes).digest('hex');
          },
        }
      : {}),
  });
  const maxBytes = parseByteSize(limit);
  if (maxBytes === null) return general;
  return (request, response, next) => {
    const { headers } = request;
    const declared = headers['content-length'];
    if (
      request.method !== 'POST' ||
      declared === undefined ||
      !/^\d+$/.test(declared) ||
      Number(declared) > maxBytes ||
      headers['transfer-encoding'] !== undefined ||
      headers['content-encoding'] !== undefined ||
      !plainJson.test(headers['content-type'] ?? '')
    ) {
      general(request, response, next);
      return;
    }
    readDeclaredLength(request, Number(declared), (error, text, bytes) => {
      if (error) return next(error);
      if (hash) (request as BodyHashed).bodySha256 = createHash('sha256').update(bytes!).digest('hex');
      try {
        request.body = parseStrictJson(text!);
      } catch {
        return next(bodyError(400, 'entity.parse.failed', 'The request body is not valid JSON.'));
      }
      next();
    });
  };
}

/** The body, decoded as UTF-8 less a byte order mark, once all `length` bytes have come. */
function readDeclaredLength(
  request: Request,
  length: number,
  done: (error: Error | null, text?: string, bytes?: Buffer) => void,
) {
  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (error: Error | null, text?: string, bytes?: Buffer) => {
    if (finished) return;
    finished = true;
    request.off('data', onData);
    request.off('end', onEnd);
    request.off('error', onAbort);
    request.off('close', onAbort);
    done(error, text, bytes);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (received !== length) {
      finish(bodyError(400, 'request.size.invalid', 'The request body does not match its Content-Length.'));
      return;
    }
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
    const text = bytes.toString('utf8');
    finish(null, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes);
  };
  const onAbort = () => finish(bodyError(400, 'request.aborted', 'The request was aborted.'));
  request.on('data', onData);
  request.on('end', onEnd);
  request.on('error', onAbort);
  request.on('close', onAbort);
}

/**
 * JSON.parse as body-parser's strict mode has it: an empty body is `{}`, and
 * only an object or an array is a body at all.
 */
function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = /^[ \t\n\r]*(.?)/.exec(text)![1];
  if (first !== '{' && first !== '[') throw new SyntaxError('strict violation');
  return JSON.parse(text);
}
