import "server-only";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { RDSClient } from "@aws-sdk/client-rds";
import { Route53Client } from "@aws-sdk/client-route-53";
import { Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { Route53RecoveryControlConfigClient } from "@aws-sdk/client-route53-recovery-control-config";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsConfig, AwsRegionConfig } from "@/server/config";
import type { Clock } from "@/server/clock";
import { regionCredentials, type CredentialProvider, type StsOptions } from "./credentials";
import { noteEndpoint } from "./errors";
import { ARC_CONTROL_CONFIG_HOME, ROUTE53_HOME } from "./partitions";

/**
 * One SDK client per (console region, service, API region, endpoint), built on first use and
 * kept for the provider's life so connections are reused. Every client of a console region
 * signs with that region's credentials; its endpoint overrides apply to its own services.
 *
 * Timeouts: the HTTP handler gets `connectionTimeout` and `requestTimeout` = monitor.callTimeoutMs
 * (with `throwOnRequestTimeout`, without which @smithy/node-http-handler ≥ 4.4 only warns), and
 * `maxAttempts: 2`: the poller runs again next cadence, so deep SDK retries would only hold a
 * poll past its deadline.
 */
export const MAX_ATTEMPTS = 2;

interface Destroyable {
  destroy(): void;
  middlewareStack: { add(middleware: typeof endpointNote, options: { step: "build"; name: string; override: boolean }): void };
}

/**
 * Notes on a failed call's error the URL its request went to (errors.ts `noteEndpoint`), so an
 * answer that is not from AWS (a proxy's HTML 502) reads "HTTP 502 from <endpoint>". In the build
 * step the request is already serialised against the resolved endpoint.
 */
function endpointNote<A extends { request?: unknown }, R>(next: (args: A) => Promise<R>): (args: A) => Promise<R> {
  return async (args) => {
    try {
      return await next(args);
    } catch (err) {
      noteEndpoint(err, requestUrl(args.request));
      throw err;
    }
  };
}

function requestUrl(request: unknown): string | null {
  if (typeof request !== "object" || request === null) return null;
  const { protocol, hostname, port, path } = request as { protocol?: unknown; hostname?: unknown; port?: unknown; path?: unknown };
  if (typeof hostname !== "string") return null;
  const scheme = typeof protocol === "string" ? protocol : "https:";
  return `${scheme}//${hostname}${typeof port === "number" ? `:${port}` : ""}${typeof path === "string" ? path : "/"}`;
}

export interface ArcEndpoint {
  region: string;
  url: string;
}

export class AwsClients {
  private readonly built = new Map<string, Destroyable>();
  private readonly credentials = new Map<string, CredentialProvider>();
  private readonly sts: StsOptions;

  constructor(
    private readonly config: AwsConfig,
    private readonly clock: Clock,
  ) {
    const ms = config.monitor.callTimeoutMs;
    this.sts = { maxAttempts: MAX_ATTEMPTS, requestHandler: { connectionTimeout: ms, requestTimeout: ms, throwOnRequestTimeout: true } };
  }

  rds(regionId: string): RDSClient {
    return this.client("rds", regionId, regionId, this.region(regionId).endpoints?.rds, (c) => new RDSClient(c));
  }

  /**
   * RDS for the global-cluster writes, with no SDK retry: RDS may have accepted a request whose
   * answer was a 5xx, and a resent SwitchoverGlobalCluster would then be refused as "already in
   * progress". The runbook step, which reads the topology first, decides whether to send again.
   */
  rdsWrites(regionId: string): RDSClient {
    return this.client("rds-writes", regionId, regionId, this.region(regionId).endpoints?.rds, (c) => new RDSClient({ ...c, maxAttempts: 1 }));
  }

  /** CloudWatch in `at` (default: the region itself); the override only applies to the region's own CloudWatch. */
  cloudwatch(regionId: string, at: string = regionId): CloudWatchClient {
    const endpoint = at === regionId ? this.region(regionId).endpoints?.cloudwatch : undefined;
    return this.client("cloudwatch", regionId, at, endpoint, (c) => new CloudWatchClient(c));
  }

  /** Route 53 is global: its API is in the partition's home region (see partitions.ts). */
  route53(regionId: string): Route53Client {
    const region = this.region(regionId);
    return this.client("route53", regionId, ROUTE53_HOME[region.partition], region.endpoints?.route53, (c) => new Route53Client(c));
  }

  /**
   * CloudWatch where Route 53 publishes health-check metrics: the partition's Route 53 home region,
   * at `endpoints.route53Metrics`, or — in the home region itself — at its `endpoints.cloudwatch`.
   */
  route53Metrics(regionId: string): CloudWatchClient {
    const region = this.region(regionId);
    const home = ROUTE53_HOME[region.partition];
    const endpoint = region.endpoints?.route53Metrics ?? (home === regionId ? region.endpoints?.cloudwatch : undefined);
    return this.client("cloudwatch", regionId, home, endpoint, (c) => new CloudWatchClient(c));
  }

  /** One ARC data-plane client per cluster endpoint: the SDK must be pointed at the cluster's own URLs. */
  arc(regionId: string, endpoint: ArcEndpoint): Route53RecoveryClusterClient {
    return this.client("arc", regionId, endpoint.region, endpoint.url, (c) => new Route53RecoveryClusterClient(c));
  }

  controlConfig(regionId: string): Route53RecoveryControlConfigClient {
    const region = this.region(regionId);
    const at = ARC_CONTROL_CONFIG_HOME[region.partition];
    return this.client("arc-config", regionId, at, region.endpoints?.route53RecoveryControlConfig, (c) => {
      // This client (3.332, the last published) predates handler-options objects: it needs an instance.
      return new Route53RecoveryControlConfigClient({ ...c, requestHandler: new NodeHttpHandler(c.requestHandler) });
    });
  }

  s3(regionId: string): S3Client {
    const endpoints = this.region(regionId).endpoints;
    const forcePathStyle = endpoints?.s3ForcePathStyle ?? false;
    return this.client(forcePathStyle ? "s3-path" : "s3", regionId, regionId, endpoints?.s3, (c) => new S3Client({ ...c, forcePathStyle }));
  }

  dynamodb(regionId: string): DynamoDBClient {
    return this.client("dynamodb", regionId, regionId, this.region(regionId).endpoints?.dynamodb, (c) => new DynamoDBClient(c));
  }

  ssm(regionId: string): SSMClient {
    return this.client("ssm", regionId, regionId, this.region(regionId).endpoints?.ssm, (c) => new SSMClient(c));
  }

  /** Closes every client's sockets; the next call would build fresh ones. */
  destroy(): void {
    for (const client of this.built.values()) client.destroy();
    this.built.clear();
  }

  region(regionId: string): AwsRegionConfig {
    const region = this.config.regions.find((r) => r.id === regionId);
    if (!region) throw new Error(`region ${regionId} is not configured (expected ${this.config.regions.map((r) => r.id).join(" or ")})`);
    return region;
  }

  private client<T extends Destroyable>(
    service: string,
    regionId: string,
    at: string,
    endpoint: string | undefined,
    build: (config: {
      region: string;
      endpoint?: string;
      credentials: CredentialProvider;
      maxAttempts: number;
      requestHandler: StsOptions["requestHandler"];
    }) => T,
  ): T {
    const key = [service, regionId, at, endpoint ?? ""].join("|");
    const existing = this.built.get(key);
    if (existing) return existing as T;
    const client = build({
      region: at,
      ...(endpoint ? { endpoint } : {}),
      credentials: this.credentialsFor(regionId),
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: this.sts.requestHandler,
    });
    client.middlewareStack.add(endpointNote, { step: "build", name: "failoverConsoleEndpointNote", override: true });
    this.built.set(key, client);
    return client;
  }

  private credentialsFor(regionId: string): CredentialProvider {
    let provider = this.credentials.get(regionId);
    if (!provider) {
      provider = regionCredentials(this.region(regionId), this.sts, this.clock);
      this.credentials.set(regionId, provider);
    }
    return provider;
  }
}
