import { spawn } from "node:child_process";

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a script the way its npm command does (tsx, with the server-only hook) and waits for it to
 * exit. It is killed after 90 s (a loaded CI machine opens PGlite slowly), so a script that hangs fails its test instead of stalling it.
 * `stdin`, when given, is written to its standard input (a pipe), then closed.
 */
export function runScript(script: string, args: readonly string[] = [], env: Record<string, string> = {}, stdin?: string): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/register-hooks.mjs", script, ...args], {
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.end(stdin ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not exit; stdout: ${stdout}; stderr: ${stderr}`));
    }, 90_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
