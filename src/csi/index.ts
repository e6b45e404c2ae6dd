export * from './csi-driver-options';
export * from './props';
export * from './csi-node-plugin';
