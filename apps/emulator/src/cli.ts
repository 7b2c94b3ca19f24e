#!/usr/bin/env node
import { main } from "./commands.js";

await main(process.argv.slice(2));
