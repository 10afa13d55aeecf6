import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedFromTemplate } from "./template";

async function template(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fc-template-"));
  await mkdir(join(dir, "base", "1"), { recursive: true });
  await writeFile(join(dir, "base", "1", "1259"), "catalog");
  await writeFile(join(dir, "postgresql.conf"), "# conf");
  await writeFile(join(dir, "PG_VERSION"), "17");
  return dir;
}

describe("a new PGlite folder from the build's template", () => {
  it("copies the template into a folder that has no database yet", async () => {
    const data = join(await mkdtemp(join(tmpdir(), "fc-data-")), "data");
    expect(await seedFromTemplate(data, await template())).toBe(true);
    expect((await readdir(data)).sort()).toEqual(["PG_VERSION", "base", "postgresql.conf"]);
    expect(await readFile(join(data, "base", "1", "1259"), "utf8")).toBe("catalog");
  });

  it("never touches a folder that holds a database", async () => {
    const data = await mkdtemp(join(tmpdir(), "fc-data-"));
    await writeFile(join(data, "PG_VERSION"), "17");
    await writeFile(join(data, "postgresql.conf"), "# mine");
    expect(await seedFromTemplate(data, await template())).toBe(false);
    expect(await readFile(join(data, "postgresql.conf"), "utf8")).toBe("# mine");
  });

  it("starts over a copy that was cut off before PG_VERSION", async () => {
    const data = await mkdtemp(join(tmpdir(), "fc-data-"));
    await writeFile(join(data, "postgresql.conf"), "# half-copied");
    expect(await seedFromTemplate(data, await template())).toBe(true);
    expect(await readFile(join(data, "postgresql.conf"), "utf8")).toBe("# conf");
  });

  it("leaves PGlite to run initdb when there is no template", async () => {
    const data = join(await mkdtemp(join(tmpdir(), "fc-data-")), "data");
    expect(await seedFromTemplate(data, join(data, "..", "no-such-template"))).toBe(false);
    expect(await seedFromTemplate(data, undefined)).toBe(false);
  });
});
