import { RDSClient } from "@aws-sdk/client-rds";
import { describe, expect, it, vi } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { createAwsProvider } from "./index";
import { awsTestConfig, noAbort, testClock } from "./testing";

describe("createAwsProvider", () => {
  it("is the aws kind of RegionProvider", () => {
    expect(createAwsProvider(awsTestConfig(), { clock: testClock() }).kind).toBe("aws");
  });

  it("refuses a region that is not configured with a not_found ProviderError, without calling AWS", async () => {
    const p = createAwsProvider(awsTestConfig(), { clock: testClock() });
    const err: unknown = await p.readAurora("eu-west-1", noAbort()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "not_found", service: "rds", region: "eu-west-1" });
  });

  it("close() destroys the clients it built", async () => {
    const destroy = vi.spyOn(RDSClient.prototype, "destroy");
    const send = vi.spyOn(RDSClient.prototype, "send").mockImplementation(async () => ({ GlobalClusters: [] }));
    const p = createAwsProvider(awsTestConfig(), { clock: testClock() });
    await p.readAurora("us-east-1", noAbort());
    await p.readAurora("us-west-2", noAbort());
    await p.close();
    expect(destroy).toHaveBeenCalledTimes(2);
    send.mockRestore();
    destroy.mockRestore();
  });
});
