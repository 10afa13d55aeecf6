import "server-only";

export { controlRun, type ControlArgs } from "./control";
export { approveContinuation, type ContinueArgs } from "./continue";
export { approveContinuationNow, controlNow, freshEyesOf } from "./requests";
export { Executor, type ExecutorDeps } from "./executor";
export { listenForRunSignals, signalsThroughStore, type RunSignals } from "./signals";
export { runbookSteps } from "./definitions";
export { planFromSnapshot, startRun, type RunPlan } from "./start";
export { getRun, listRuns } from "./store";
