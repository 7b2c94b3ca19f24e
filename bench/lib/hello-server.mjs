// The baseline: the smallest useful node:http server, answering a short JSON body.
import http from "node:http";

const server = http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  res.end('{"hello":"world"}');
});
server.keepAliveTimeout = 5_000;
server.listen(0, "127.0.0.1", () => console.log(`ready at http://127.0.0.1:${server.address().port} `));
