import "server-only";
import type { AwsRegionConfig, StateLocation } from "@/server/config";
import { dynamoTableArn, s3ObjectArn, ssmParameterArn } from "./arns";
import { statement, type Grant } from "./iam-statements";

/**
 * The authority flag and app role: read by the monitor, written by the runbooks (fence, promote),
 * always in the region they describe and with that region's credentials. Each store is granted
 * on the exact record: the S3 object, the SSM parameter, or the DynamoDB table limited by
 * `dynamodb:LeadingKeys` to the configured partition-key values, so these credentials cannot
 * read or overwrite other items in a shared table.
 */
const ACTIONS = {
  read: { s3: "s3:GetObject", ssm: "ssm:GetParameter", dynamodb: "dynamodb:GetItem" },
  // DynamoDB is written with UpdateItem, which sets the record's attributes and keeps the rest of the item.
  write: { s3: "s3:PutObject", ssm: "ssm:PutParameter", dynamodb: "dynamodb:UpdateItem" },
} as const;

export function recordGrants(region: AwsRegionConfig, account: string, verb: "read" | "write"): Grant[] {
  const prefix = `${verb === "read" ? "Read" : "Write"}AuthorityAndAppRole`;
  return [region.authorityFlag, region.appRole].map((location: StateLocation): Grant => {
    switch (location.store) {
      case "s3":
        return statement(`${prefix}S3`, [ACTIONS[verb].s3], [s3ObjectArn(region.partition, location.bucket, location.key)]);
      case "ssm":
        return statement(`${prefix}SSM`, [ACTIONS[verb].ssm], [ssmParameterArn(region, account, location.parameter)]);
      case "dynamodb": {
        const table = dynamoTableArn(region, account, location.table);
        // One statement per table: a key condition shared across tables would let each table's keys open the other.
        return statement(`${prefix}DynamoDB`, [ACTIONS[verb].dynamodb], [table], {
          key: `${prefix}DynamoDB|${table}`,
          condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [location.key.value] } },
        });
      }
    }
  });
}
