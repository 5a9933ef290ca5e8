// The floor: the least a Node proxy can do. A bare node:http server hands each request to
// undici's Pool.stream(), which writes the upstream's bytes straight into the ServerResponse.
// No routing, no parsing, no logging. Env: PORT, UPSTREAM (origin). Prints `ready <port>`.
import http from 'node:http';
import { Pool } from 'undici';

const port = Number(process.env.PORT);
const upstream = new URL(process.env.UPSTREAM);
const pool = new Pool(upstream.origin, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
// Hop-by-hop headers belong to one connection and must not be forwarded (RFC 9110 §7.6.1).
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'expect']);

function endToEnd(headers) {
  const out = {};
  for (const name in headers) if (!hopByHop.has(name)) out[name] = headers[name];
  return out;
}

const server = http.createServer((request, response) => {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  pool
    .stream({ path: request.url, method: request.method, headers: endToEnd(request.headers), body: hasBody ? request : null }, ({ statusCode, headers }) => {
      response.writeHead(statusCode, endToEnd(headers));
      return response;
    })
    .catch(() => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end();
    });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`ready ${port}`));
process.on('SIGTERM', () => server.close(() => pool.close().then(() => process.exit(0))));
