// OSS resources: see the OSS issue.
export {};
