// The baseline: the same compiler options and standard library, no SDK.
export {};
