// Cluster storage's public API: the _-prefixed helper files are internal and left out.
export * from './modes';
export * from './persistent-volume';
export * from './claim-interface';
export * from './claim';
export * from './dynamic-claim';
export * from './storage-class';
export * from './workloads';
export * from './plus';
export * from './volume-attributes-class';
