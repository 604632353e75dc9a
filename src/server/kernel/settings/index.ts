export * from "./registry";
export * from "./store";
export * from "./security";
