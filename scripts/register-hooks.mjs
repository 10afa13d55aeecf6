// Loaded with `node --import` before the launcher and CLI scripts. `server-only` throws unless
// resolved under React's server condition, which only Next's bundler applies; scripts running
// server code directly resolve it to an empty module instead. Next's own bundles are unaffected.
import { register } from "node:module";

register("./server-only-hook.mjs", import.meta.url);
