import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { visibleText } from "@/components/testing";
import { AuditRecord, AuditVerifyResult } from "@/lib/audit";
import { AuditTable } from "./audit-table";
import { broken, intact, records } from "./fixtures";
import { VerifyStatus, type VerifyStatusProps } from "./verify-status";

const text = visibleText;

const VERIFIED_AT = Date.UTC(2025, 9, 20, 7, 0, 5);
const renderVerify = (props: Partial<VerifyStatusProps>) =>
  renderToStaticMarkup(
    <VerifyStatus result={undefined} verifiedAt={null} verifying={false} error={null} onVerify={() => undefined} onShowRecord={() => undefined} {...props} />,
  );
/** The contents of the live region (it holds no nested <div>). */
const liveRegion = (html: string) => {
  const at = html.indexOf('role="status"');
  expect(at).toBeGreaterThan(-1);
  const start = html.indexOf(">", at) + 1;
  return text(html.slice(start, html.indexOf("</div>", start)));
};

it("the fixtures are what the API returns", () => {
  for (const r of records) expect(() => AuditRecord.parse(r)).not.toThrow();
  for (const v of [intact, broken]) expect(() => AuditVerifyResult.parse(v)).not.toThrow();
});

describe("verification status", () => {
  it("intact: green, N/M records valid, the head and when it was verified", () => {
    const html = renderVerify({ result: intact, verifiedAt: VERIFIED_AT });
    expect(html).toContain('data-state="intact"');
    expect(html).toContain("border-emerald-700");
    expect(html).toContain('aria-live="polite"');
    expect(liveRegion(html)).toBe("✓ 57/57 records valid: the chain is intact");
    expect(text(html)).toContain("Verified at 07:00:05 UTC Head: #57 aaaaaaaaaaaa…");
    expect(html).toContain(`title="${"a".repeat(64)}"`);
    expect(html).not.toContain("First broken record");
    expect(text(html)).toContain("Verify again");
    expect(html).toContain('aria-disabled="false"');
  });

  it("broken: red, names the first broken record and how it broke, and offers to show it", () => {
    const html = renderVerify({ result: broken, verifiedAt: VERIFIED_AT });
    expect(html).toContain('data-state="broken"');
    expect(html).toContain("bg-red-700");
    expect(liveRegion(html)).toBe("✗ 41/57 records valid: the chain breaks at record #42 (hash mismatch)");
    expect(text(html)).toContain(
      "First broken record #42 : hash mismatch, the record was changed after it was written. stored 1111111111…, computed 2222222222…",
    );
    expect(text(html)).toContain("Show record #42");
    expect(text(html)).toContain("Last valid record: #41 bbbbbbbbbbbb…");
  });

  it.each([
    ["missing_sequence", "missing sequence", "records were deleted"],
    ["prev_hash_mismatch", "broken link", "it does not link to the record before it (forged or inserted)"],
    ["reordered", "reordered", "records were moved, or time goes backwards"],
  ] as const)("names a %s break in words", (reason, name, meaning) => {
    const result = { ...broken, firstBroken: { seq: 42, reason, detail: "d" } };
    const html = renderVerify({ result });
    expect(liveRegion(html)).toContain(`(${name})`);
    expect(text(html)).toContain(`${name}, ${meaning}.`);
  });

  it("while the first verification runs: a spinner and Verifying…, the button kept but unavailable", () => {
    const html = renderVerify({ verifying: true });
    expect(html).toContain('data-state="verifying"');
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain("animate-spin");
    expect(liveRegion(html)).toContain("Verifying…");
    expect(html).toContain('aria-disabled="true"');
    expect(text(html)).toContain("Verify again");
  });

  it("verifying again keeps the previous result on screen and says it is the previous one", () => {
    const html = renderVerify({ result: intact, verifiedAt: VERIFIED_AT, verifying: true });
    expect(liveRegion(html)).toContain("57/57 records valid");
    expect(liveRegion(html)).toContain("Verifying again… (the result above is from the previous run)");
  });

  it("a failed verification is red and says why", () => {
    const html = renderVerify({ error: "HTTP 503" });
    expect(html).toContain('data-state="error"');
    expect(liveRegion(html)).toBe("✗ Could not verify the chain: HTTP 503");
  });

  it("counts legacy records that predate the chain", () => {
    expect(text(renderVerify({ result: { ...intact, legacy: 3 } }))).toContain("3 of the valid records predate the chain");
  });
});

describe("records table", () => {
  const html = renderToStaticMarkup(
    <AuditTable records={records} caption="Audit records, newest first, page 1" brokenSeq={2} loading={false} stale={false} emptyText="No records yet." />,
  );

  it("is a real table with a caption and column headers", () => {
    expect(html).toContain("<caption");
    expect(text(html)).toContain("Audit records, newest first, page 1 # Time (UTC) Actor Action Summary Hash");
    expect(html.match(/<th scope="col"/g)).toHaveLength(6);
    expect(html.match(/<th scope="row"/g)).toHaveLength(4);
  });

  it("shows each record's sequence, time, actor, action and summary, newest first", () => {
    const seqs = [...html.matchAll(/data-seq="(\d+)"/g)].map((m) => Number(m[1]));
    expect(seqs).toEqual([4, 3, 2, 1]);
    const words = text(html);
    expect(words).toContain("4 2025-10-20 07:00:04 Ada Admin sim.fault_toggled Drill fault region-outage turned ON in us-east-1");
    expect(words).toContain("vera from 10.0.0.7 auth.login_failed Sign-in refused: bad password (credentials)");
    expect(words).toContain("Proposed planned failover to us-west-2 from us-east-1 (ready): “Rehearse the switchover”");
  });

  it("shortens hashes, keeps the full value in the title, copy button and details", () => {
    expect(html).toContain(`title="${"4".repeat(64)}"`);
    expect(text(html)).toContain("4444444444…");
    expect(html).toContain('aria-label="Copy hash of record #4"');
    expect(text(html)).toContain("Payload and hashes of record #4");
    expect(html).toContain("&quot;fault&quot;: &quot;region-outage&quot;");
    expect(text(html)).toContain("legacy, no hash");
  });

  it("marks the first broken record", () => {
    expect(html).toMatch(/data-seq="2" data-broken="true"/);
    expect(text(html)).toContain("2 ✗ chain breaks here");
    expect(html.match(/data-broken/g)).toHaveLength(1);
  });

  it("says when there is nothing to show", () => {
    const empty = (loading: boolean) =>
      text(renderToStaticMarkup(<AuditTable records={[]} caption="c" brokenSeq={null} loading={loading} stale={false} emptyText="No records with action auth.logout." />));
    expect(empty(false)).toContain("No records with action auth.logout.");
    expect(empty(true)).toContain("Loading records…");
  });
});
