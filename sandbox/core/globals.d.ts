// Host functions the simulator relies on that every host it runs in (Web Worker, Node >= 17)
// provides, declared here because the sandbox compiles without the DOM and Node libraries.

/** HTML structured clone: copies plain data with Maps, Sets and cycles (snapshots, grading). */
declare function structuredClone<T>(value: T): T;
