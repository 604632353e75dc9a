export { recordEvent, type AnyTx, type BusinessEvent, type EventTarget } from "./record";
export { sealAllPending, sealPending, verify, SEAL_BATCH, type BrokenReason, type VerifyResult } from "./chain";
export { AUDIT_ACTIONS, BUSINESS_ACTIONS, CHANGE_ACTIONS, type BusinessAction } from "./actions";
export { PLATFORM_ACTIONS, recordPlatformEvent, type PlatformAction, type PlatformActor, type PlatformEvent } from "./platform";
