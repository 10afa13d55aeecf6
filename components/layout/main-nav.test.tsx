import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, expect, it, vi } from "vitest";
import { MainNav } from "./main-nav";

const nav = vi.hoisted(() => ({ pathname: "/" }));
vi.mock("next/navigation", () => ({ usePathname: () => nav.pathname }));

const current = () => [...renderToStaticMarkup(<MainNav />).matchAll(/<a [^>]*aria-current="page"[^>]*>([^<]+)</g)].map((m) => m[1]);

beforeEach(() => {
  nav.pathname = "/";
});

it.each([
  ["/", ["Dashboard"]],
  ["/audit", ["Audit log"]],
  ["/audit/anything", ["Audit log"]],
  ["/auditor", []],
  ["/runs", ["Runs"]],
  ["/runs/3f2c", ["Runs"]],
  ["/runsheet", []],
  ["/incidents", ["Incidents"]],
  ["/incidents/9a1b", ["Incidents"]],
  ["/login", []],
])("on %s the current page is %j", (pathname, expected) => {
  nav.pathname = pathname;
  expect(current()).toEqual(expected);
});

it("is a labelled navigation landmark with every page's link, in order", () => {
  const html = renderToStaticMarkup(<MainNav />);
  expect(html).toContain('<nav aria-label="Main">');
  expect(html).toContain('href="/"');
  expect(html).toContain('href="/audit"');
  expect(html).toContain('href="/runs"');
  expect(html).toContain('href="/incidents"');
  expect([...html.matchAll(/<a [^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(["Dashboard", "Incidents", "Runs", "Audit log"]);
});
