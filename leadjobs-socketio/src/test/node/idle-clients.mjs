// Opens N socket.io-client connections and keeps them idle; prints READY when all are connected.
// usage: node idle-clients.mjs <url> <count> <websocket|default>
import { io } from "socket.io-client";

const [url, countText, mode] = process.argv.slice(2);
const count = Number(countText);
const transports = mode === "websocket" ? ["websocket"] : ["polling", "websocket"];
let connected = 0;
for (let i = 0; i < count; i++) {
  const socket = io(url, { transports, forceNew: true, reconnection: false });
  socket.once("connect", () => {
    connected++;
    if (connected === count) {
      console.log("READY " + connected);
    }
  });
  socket.on("connect_error", (e) => console.log("connect_error " + e.message));
}
setInterval(() => {}, 1 << 30);
