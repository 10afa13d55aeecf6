import "server-only";

export { CriticalHeldRecorder, type HeldDeps } from "./held";
export { resolveDestinations, type Destination, type Resolved } from "./destinations";
export { dedupKey, NotificationEvent } from "./event";
export { listDeliveries } from "./list";
export { Notifier, type NotifierDeps } from "./notifier";
export { requestTest } from "./test-request";
export { sign, SIGNATURE_TOLERANCE_MS, verify } from "./sign";
