/**
 * Loopback Losant stand-in for the request benchmark: answers GET /applications/{id} with a
 * recorded 2.9 KB application body. A control port can hold requests open (to count memory
 * per in-flight request) and release them. Prints `{"port":…,"control":…}` when listening.
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../lib/measure.js';

const har = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'application', 'application.get.har'), 'utf8')) as {
  log: { entries: Array<{ response: { status: number; content: { text: string } } }> };
};
const body = Buffer.from(har.log.entries.find((e) => e.response.status === 200)!.response.content.text);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

let holding = false;
const held: ServerResponse[] = [];
const answer = (res: ServerResponse) => res.writeHead(200, headers).end(body);

const api = createServer({ keepAlive: true }, (req, res) => {
  if (req.method !== 'GET' || !req.url?.startsWith('/applications/')) return res.writeHead(404).end();
  if (holding) held.push(res);
  else answer(res);
});
api.maxHeadersCount = 0;
api.keepAliveTimeout = 60_000;

const control = createServer((req, res) => {
  if (req.url === '/pending') return res.end(String(held.length));
  if (req.url === '/hold') holding = true;
  if (req.url === '/release') {
    holding = false;
    for (const r of held.splice(0)) answer(r);
  }
  res.end('ok');
});

api.listen(0, '127.0.0.1', () =>
  control.listen(0, '127.0.0.1', () => {
    process.stdout.write(
      JSON.stringify({ port: (api.address() as AddressInfo).port, control: (control.address() as AddressInfo).port }) +
        '\n',
    );
  }),
);
process.on('SIGTERM', () => process.exit(0));
