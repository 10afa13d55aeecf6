import "server-only";

export { databaseMessage, openStore, queryRows, type Db, type Queryable, type Store, type StoreTarget } from "./client";
export { migrate } from "./migrate";
export { openMigratedStore, type StoreEnv } from "./open";
export { readSetting, writeSetting } from "./settings";
export * as tables from "./schema";
export { CHANNELS, listenJson, notify, type Channel } from "./bus";
export { StoreUnavailableError, storeFailure, withStoreRetry, type StoreFailure, type StoreFailureKind } from "./failover";
export { requireStore, StoreHealth } from "./health";
