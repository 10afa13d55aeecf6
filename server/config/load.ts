import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { configErrorMap, problemsFromIssues, type ConfigProblem } from "./format-error";
import { ConsoleConfig, SimConfig } from "./schema";

/** Looked for in the working directory when no path is given (CONSOLE_CONFIG is resolved by the caller). */
export const DEFAULT_CONFIG_FILE = "console.config.yaml";

/** A config file that cannot be used. The message has one `<file>: <path>: <problem>` line per problem. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[]) {
    super(problems.map((p) => (p.path ? `${file}: ${p.path}: ${p.message}` : `${file}: ${p.message}`)).join("\n"));
    this.file = file;
    this.problems = problems;
  }
}

/** The embedded default: two simulated regions, us-east-1 and us-west-2, everything else defaulted. */
export function defaultSimConfig(): SimConfig {
  // Parsed, not written out, so it can never drift from the schema's defaults. A fresh object each call.
  return SimConfig.parse({ mode: "sim" });
}

/** Parses and validates the text of a config file; `fileName` is only used in messages. */
export function parseConfigText(text: string, fileName: string): ConsoleConfig {
  const lineCounter = new LineCounter();
  // uniqueKeys: a key given twice is almost always a paste error, and YAML would keep only the last.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      fileName,
      doc.errors.map((err) => {
        const { line, col } = lineCounter.linePos(err.pos[0]);
        return { path: "", message: `line ${line}, column ${col}: ${err.message}`, line, column: col };
      }),
    );
  }
  // A blank or comments-only file is a mistake (a truncated deploy, a wrong path), never "use defaults":
  // silently falling back to sim mode would hide that the real config was lost.
  if (doc.contents === null) {
    throw new ConfigError(fileName, [{ path: "", message: "file is empty" }]);
  }
  const parsed = ConsoleConfig.safeParse(doc.toJS(), { error: configErrorMap });
  if (!parsed.success) throw new ConfigError(fileName, problemsFromIssues(parsed.error.issues));
  return parsed.data;
}

function errorCode(err: unknown): string | undefined {
  return err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : undefined;
}

/**
 * Loads the console's config.
 * - `path` given: that file must exist and be valid.
 * - `path` undefined: `console.config.yaml` in the working directory if it exists, else the
 *   built-in sim config — unless `required`, for tools (doctor, iam-policy) that need a real file.
 */
export async function loadConfig(path: string | undefined, opts: { required?: boolean } = {}): Promise<ConsoleConfig> {
  const file = path ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    // The path is only known at run time; tell the bundler not to trace the whole project for it.
    text = await readFile(/* turbopackIgnore: true */ path ?? join(process.cwd(), DEFAULT_CONFIG_FILE), "utf8");
  } catch (err) {
    const code = errorCode(err);
    if (code === "ENOENT" && path === undefined && !opts.required) return defaultSimConfig();
    if (code === "ENOENT") throw new ConfigError(file, [{ path: "", message: "config file not found" }]);
    if (code === "EISDIR") throw new ConfigError(file, [{ path: "", message: "is a directory, expected a YAML file" }]);
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError(file, [{ path: "", message: `cannot read the file (${reason})` }]);
  }
  return parseConfigText(text, file);
}
