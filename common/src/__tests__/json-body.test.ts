import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { jsonBodyParser, parseByteSize } from '../json-body';

/** A server answering with what a body parser made of the request: the body, or the error's status and type. */
async function echoServer(parser: RequestHandler) {
  const app = express();
  app.post('/', parser, (request: Request, response: Response) => {
    response.json({ body: request.body === undefined ? '(undefined)' : request.body });
  });
  app.use((error: { status?: number; type?: string }, _request: Request, response: Response, _next: NextFunction) => {
    response.status(error.status ?? 500).json({ status: error.status, type: error.type });
  });
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

interface RawRequest {
  headers: Record<string, string>;
  body: Buffer | string;
  /** Send the body as a chunked stream, with no Content-Length. */
  chunked?: boolean;
}

function send(port: number, { headers, body, chunked }: RawRequest): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    const request = http.request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/',
        headers: chunked ? headers : { 'content-length': String(payload.length), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const json = { 'content-type': 'application/json' };

/** Requests of every kind the general parser tells apart, and the plain ones the short way takes. */
const requests: [string, RawRequest][] = [
  ['plain JSON', { headers: json, body: '{"query":"{ agreements { id } }","variables":{"year":2009}}' }],
  ['JSON with charset', { headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":"å"}' }],
  ['a list', { headers: json, body: '  [1, 2]' }],
  ['an empty body', { headers: json, body: '' }],
  ['a byte order mark', { headers: json, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]) }],
  ['invalid UTF-8', { headers: json, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) }],
  ['malformed JSON', { headers: json, body: '{"query": "{ agreements { id } "' }],
  ['a string, not an object', { headers: json, body: '"{}"' }],
  ['only whitespace', { headers: json, body: ' \n ' }],
  ['exactly the limit', { headers: json, body: `{"a":"${'x'.repeat(1024 - 8)}"}` }],
  ['one byte over the limit', { headers: json, body: `{"a":"${'x'.repeat(1024 - 7)}"}` }],
  ['over the limit, chunked', { headers: json, body: `{"a":"${'x'.repeat(5000)}"}`, chunked: true }],
  ['chunked within the limit', { headers: json, body: '{"a":1}', chunked: true }],
  ['another charset', { headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' }],
  ['UTF-16', { headers: { 'content-type': 'application/json; charset=utf-16' }, body: '{}' }],
  ['gzip', { headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync('{"a":1}') }],
  ['gzip that is not', { headers: { ...json, 'content-encoding': 'gzip' }, body: '{"a":1}' }],
  ['an unknown encoding', { headers: { ...json, 'content-encoding': 'rot13' }, body: '{}' }],
  ['another type', { headers: { 'content-type': 'text/plain' }, body: '{"a":1}' }],
];

describe('the JSON body parser', () => {
  let general: Awaited<ReturnType<typeof echoServer>>;
  let ours: Awaited<ReturnType<typeof echoServer>>;

  beforeAll(async () => {
    general = await echoServer(express.json({ limit: '1kb' }));
    ours = await echoServer(jsonBodyParser('1kb'));
  });
  afterAll(() => {
    general?.close();
    ours?.close();
  });

  it.each(requests)('reads %s as express.json does', async (_name, request) => {
    expect(await send(ours.port, request)).toEqual(await send(general.port, request));
  });

  it('refuses what it should, with the status and type the error answers are made from', async () => {
    const outcome = async (name: string) => (await send(ours.port, requests.find(([n]) => n === name)![1])).json;
    expect(await outcome('malformed JSON')).toEqual({ status: 400, type: 'entity.parse.failed' });
    expect(await outcome('a string, not an object')).toEqual({ status: 400, type: 'entity.parse.failed' });
    expect(await outcome('one byte over the limit')).toEqual({ status: 413, type: 'entity.too.large' });
    expect(await outcome('over the limit, chunked')).toEqual({ status: 413, type: 'entity.too.large' });
    expect(await outcome('another charset')).toEqual({ status: 415, type: 'charset.unsupported' });
    expect(await outcome('an unknown encoding')).toEqual({ status: 415, type: 'encoding.unsupported' });
    expect(await outcome('a byte order mark')).toEqual({ body: {} });
  });

  it('reads a plain JSON body itself and leaves every other kind to express.json', async () => {
    const generalJson = express.json;
    const handedOver: string[] = [];
    const spy = jest.spyOn(express, 'json').mockImplementation((options) => {
      const handler = generalJson(options);
      return (request, response, next) => {
        handedOver.push(String(request.headers['content-type']));
        handler(request, response, next);
      };
    });
    const server = await echoServer(jsonBodyParser('1kb'));
    try {
      for (const name of ['plain JSON', 'JSON with charset', 'another charset']) {
        await send(server.port, requests.find(([n]) => n === name)![1]);
      }
      expect(handedOver).toEqual(['application/json; charset=latin1']);
    } finally {
      server.close();
      spy.mockRestore();
    }
  });

  it('reads sizes as body-parser does', () => {
    expect(parseByteSize('1mb')).toBe(1_048_576);
    expect(parseByteSize('100kb')).toBe(102_400);
    expect(parseByteSize('1.5KB')).toBe(1_536);
    expect(parseByteSize(20_000)).toBe(20_000);
    expect(parseByteSize('lots')).toBeNull();
  });
});
