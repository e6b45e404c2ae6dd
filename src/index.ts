export * from './core';
export * from './cni';
export * from './csi';
export * from './device-plugin';
export * from './log-collector';
export * from './fleet';
export * from './node-exporter';
export * from './security-agent';
