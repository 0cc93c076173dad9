// Drives the npm socket.io-client 4.8 against a leadjobs server started by NodeClientInteropTest.
// usage: node interop.mjs <url> <default|websocket>
// Prints one line per step and "OK" at the end; exits 1 on the first failure.
import { io } from "socket.io-client";
import assert from "node:assert/strict";

const [url, mode] = process.argv.slice(2);
const transports = mode === "websocket" ? ["websocket"] : ["polling", "websocket"];
const deadline = setTimeout(() => fail(new Error("timed out after 60 s")), 60_000);

function fail(error) {
  console.error("FAILED:", error && error.stack ? error.stack : error);
  process.exit(1);
}

function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

// resolves with every argument of the acknowledgement (emitWithAck keeps only the first)
function ack(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(10_000).emit(event, ...args, (err, ...reply) => (err ? reject(err) : resolve(reply)));
  });
}

function step(name) {
  console.log("step:", name);
}

async function main() {
  step("refused without token");
  const anonymous = io(url, { transports, reconnection: false, forceNew: true });
  const [refusal] = await once(anonymous, "connect_error");
  assert.equal(refusal.message, "Authentication failed: missing token");
  anonymous.close();

  step("connect with auth");
  const socket = io(url, {
    transports,
    forceNew: true,
    auth: { token: "secret" },
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
  });
  let firstTransport;
  socket.io.once("open", () => (firstTransport = socket.io.engine.transport.name));
  await once(socket, "connect");
  assert.equal(firstTransport, mode === "websocket" ? "websocket" : "polling");
  if (socket.io.engine.transport.name !== "websocket") {
    await once(socket.io.engine, "upgrade");
  }
  assert.equal(socket.io.engine.transport.name, "websocket");

  step("emit with ack");
  const echoed = await ack(socket, "echo", { n: 1, nested: [true, null] }, "x");
  assert.deepEqual(echoed, [{ n: 1, nested: [true, null] }, "x"]);

  step("binary round trip");
  const [bytes] = await ack(socket, "binary", Buffer.from([1, 2, 3, 250]));
  assert.deepEqual([...new Uint8Array(bytes)], [1, 2, 3, 250]);

  step("room broadcast");
  assert.deepEqual(await ack(socket, "join", "room-a"), [{ ok: true }]);
  const news = once(socket, "news");
  socket.emit("broadcast", "room-a", { headline: "hello room" });
  assert.deepEqual((await news)[0], { headline: "hello room" });

  step("server asks, client acknowledges");
  socket.on("question", (q, callback) => callback("answer:" + q));
  const answered = once(socket, "answer-received");
  socket.emit("ask-me");
  assert.deepEqual((await answered)[0], "answer:life");

  step("reconnect after the server drops the connection");
  const disconnected = once(socket, "disconnect");
  socket.emit("drop-me");
  const [reason] = await disconnected;
  assert.equal(reason, "transport close");
  await once(socket, "connect");
  const again = await ack(socket, "echo", "after reconnect");
  assert.deepEqual(again, ["after reconnect"]);

  socket.close();
  clearTimeout(deadline);
  console.log("OK");
}

main().catch(fail);
