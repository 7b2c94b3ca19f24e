import Koa from "koa";
import http from "node:http";
const mode = process.argv[2];
let handler;
if (mode === "koa") {
  const app = new Koa();
  app.use(async (ctx) => { for (let i = 0; i < 10; i++) ctx.set("x-h" + i, "v" + i); ctx.type = "application/json; charset=utf-8"; ctx.body = JSON.stringify({ id: "/subscriptions/x", name: "abc", properties: { a: 1 } }); });
  handler = app.callback();
} else {
  handler = (q, r) => { r.writeHead(200, { "content-type": "application/json" }); r.end('{"hello":"world"}'); };
}
const s = http.createServer(handler).listen(0, "127.0.0.1", () => console.log(`ready at http://127.0.0.1:${s.address().port} `));
