const empty = new URL("./empty-module.js", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: empty, shortCircuit: true };
  return nextResolve(specifier, context);
}
