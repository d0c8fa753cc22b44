// COS resources: see the COS issue.
export {};
