import "server-only";

/**
 * The console's configuration: one YAML file, validated before the server listens.
 * See README.md in this folder and console.config.example.yaml at the repository root.
 */
export { ConfigError, DEFAULT_CONFIG_FILE, defaultSimConfig, loadConfig, parseConfigText } from "./load";
export type { ConfigProblem } from "./format-error";
export * from "./schema";
