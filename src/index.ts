export * from './core';
export * from './cni';
export * from './log-collector';
export * from './fleet';
export * from './node-exporter';
