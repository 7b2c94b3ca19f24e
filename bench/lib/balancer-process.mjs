// The test kit's TCP balancer (apps/emulator testing/balancer.ts) in a process of its own, as a
// real load balancer runs: in the bench's process it would share one thread with the load
// generator. Ports of the replicas as arguments; prints its own 127.0.0.1:PORT once it listens.
import { importEmulatorDist } from "./workspace.mjs";

const { startBalancer } = await importEmulatorDist("testing/balancer.js");
const balancer = await startBalancer(process.argv.slice(2).map(Number));
console.log(`balancing at http://127.0.0.1:${balancer.port} `);
