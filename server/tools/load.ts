import "server-only";
import { ConfigError, loadConfig, type AwsConfig } from "@/server/config";

export type LoadedAwsConfig = { ok: true; config: AwsConfig } | { ok: false; error: string };

/**
 * The config for a tool that only makes sense against real AWS. The file must exist (never the
 * built-in sim world), be valid, and be in aws mode; otherwise the error says which and why.
 */
export async function loadAwsConfig(path: string, tool: string): Promise<LoadedAwsConfig> {
  let config;
  try {
    config = await loadConfig(path, { required: true });
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, error: err.message };
    throw err;
  }
  if (config.mode !== "aws") {
    return {
      ok: false,
      error: `${path}: mode is "${config.mode}", but ${tool} works on a real deployment: set mode: aws, with each region's credentials and resources`,
    };
  }
  return { ok: true, config };
}
