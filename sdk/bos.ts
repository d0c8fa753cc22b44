// BOS resources: see the BOS issue.
export {};
