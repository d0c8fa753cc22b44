export * as bos from "./bos";
export * as cos from "./cos";
export * as oss from "./oss";
