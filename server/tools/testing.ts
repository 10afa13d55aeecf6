import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { awsConfigInput } from "@/server/config/testing";

/** Fixtures for the tools' tests: config files on disk (the tools load files) and credentials that resolve offline. */

export type ToolConfigInput = ReturnType<typeof awsConfigInput>;

export const ACCOUNT = "111122223333";
export const PROFILE = "doctor-test";

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "fc-tools-"));
}

/**
 * A shared credentials file with static keys for PROFILE: `fromIni` resolves it without any
 * network, so the credentials check runs its real code path. Point AWS_SHARED_CREDENTIALS_FILE
 * at the returned path (and AWS_CONFIG_FILE at a missing file) for the test.
 */
export async function credentialsFile(dir: string): Promise<string> {
  const path = join(dir, "credentials");
  await writeFile(path, `[${PROFILE}]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`);
  return path;
}

/** The shared valid AWS config, with both regions on PROFILE; `edit` changes the plain input before it is written. */
export async function configFile(dir: string, edit?: (input: ToolConfigInput) => void): Promise<string> {
  const input = awsConfigInput();
  for (const region of input.regions) Object.assign(region, { credentials: { profile: PROFILE } });
  edit?.(input);
  const path = join(dir, "console.config.yaml");
  await writeFile(path, stringify(input));
  return path;
}
